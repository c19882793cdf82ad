namespace tcplab {}
