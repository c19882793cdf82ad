#include "tcp/endpoint.h"
