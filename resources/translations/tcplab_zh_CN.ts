<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <source>TCP Lab: step through TCP connections, one event at a time.</source>
        <translation>TCP Lab：逐个事件地单步观察 TCP 连接。</translation>
    </message>
    <message>
        <source>Interface language: zh_CN or en (default: the system&apos;s).</source>
        <translation>界面语言：zh_CN 或 en（默认跟随系统）。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A lesson file to open instead of the default lesson.</source>
        <translation>要打开的课程文件（代替默认课程）。</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::MainWindow</name>
    <message>
        <source>No lesson loaded</source>
        <translation>未加载课程</translation>
    </message>
    <message>
        <source>Open a lesson file with File → Open Lesson.</source>
        <translation>请通过“文件 → 打开课程”打开一个课程文件。</translation>
    </message>
    <message>
        <source>TCP Lab</source>
        <translation>TCP Lab</translation>
    </message>
    <message>
        <source>&amp;Lesson:</source>
        <translation>课程(&amp;L)：</translation>
    </message>
    <message>
        <source>Connection states</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>重置(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Lesson…</source>
        <translation>打开课程(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Show the next event (%1)</source>
        <translation>显示下一个事件（%1）</translation>
    </message>
    <message>
        <source>Go back one event (%1)</source>
        <translation>后退一个事件（%1）</translation>
    </message>
    <message>
        <source>Go back to the start, before the first event (%1)</source>
        <translation>回到开头，即第一个事件之前（%1）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>TCP Lab lessons (*.json);;All files (*)</source>
        <translation>TCP Lab 课程 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>the file could not be read</source>
        <translation>无法读取该文件</translation>
    </message>
    <message>
        <source>the simulation failed: %1</source>
        <translation>模拟失败：%1</translation>
    </message>
    <message>
        <source>Cannot Open Lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>The lesson “%1” could not be opened.</source>
        <translation>无法打开课程“%1”。</translation>
    </message>
    <message>
        <source>%1 — TCP Lab</source>
        <translation>%1 — TCP Lab</translation>
    </message>
    <message>
        <source>%1 · seed %2 · %3 events</source>
        <translation>%1 · 随机种子 %2 · 共 %3 个事件</translation>
    </message>
    <message>
        <source>Start: nothing has happened yet (%1 events in this run)</source>
        <translation>开始：尚未发生任何事件（本次运行共 %1 个事件）</translation>
    </message>
    <message>
        <source>Event %1 of %2  ·  t = %3 s</source>
        <translation>第 %1 个事件，共 %2 个  ·  t = %3 秒</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>端口 %1</translation>
    </message>
    <message>
        <source>Note (event %1): %2</source>
        <translation>教师提示（第 %1 个事件）：%2</translation>
    </message>
    <message>
        <source>The teacher&apos;s notes appear here as you step through the events.</source>
        <translation>单步浏览事件时，教师提示会显示在这里。</translation>
    </message>
    <message>
        <source>Si&amp;mulation</source>
        <translation>模拟(&amp;M)</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::TraceModel</name>
    <message>
        <source>User call</source>
        <translation>用户调用</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>发往 %1</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Arrived from %1</source>
        <translation>从 %1 收到</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>已到达</translation>
    </message>
    <message>
        <source>Lost: %1 → %2</source>
        <translation>丢失：%1 → %2</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Duplicated by the network</source>
        <translation>被网络复制</translation>
    </message>
    <message>
        <source>Delayed by the network</source>
        <translation>被网络延迟</translation>
    </message>
    <message>
        <source>State change</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Timer armed</source>
        <translation>启动计时器</translation>
    </message>
    <message>
        <source>Timer cancelled</source>
        <translation>取消计时器</translation>
    </message>
    <message>
        <source>Timer fired</source>
        <translation>计时器超时</translation>
    </message>
    <message>
        <source>Data to the application</source>
        <translation>数据交付应用</translation>
    </message>
    <message>
        <source>Connection error</source>
        <translation>连接错误</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Run ended</source>
        <translation>运行结束</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — a second copy</source>
        <translation>%1 — 第二份副本</translation>
    </message>
    <message>
        <source>%1 — held back %2 ms</source>
        <translation>%1 — 推迟 %2 毫秒</translation>
    </message>
    <message>
        <source>%1 bytes: “%2”</source>
        <translation>%1 字节：“%2”</translation>
    </message>
    <message>
        <source>no more events</source>
        <translation>没有更多事件</translation>
    </message>
    <message>
        <source>the lesson&apos;s time limit was reached</source>
        <translation>已达到课程的时间上限</translation>
    </message>
    <message>
        <source>the lesson&apos;s event limit was reached</source>
        <translation>已达到课程的事件数上限</translation>
    </message>
    <message>
        <source>RFC 9293 %1</source>
        <translation>RFC 9293 %1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>RFC</source>
        <translation>RFC</translation>
    </message>
    <message>
        <source>The section of RFC 9293 (or the rule) behind the event</source>
        <translation>该事件依据的 RFC 9293 章节（或规则）</translation>
    </message>
    <message>
        <source>retransmission timer</source>
        <translation>重传计时器</translation>
    </message>
    <message>
        <source>persist timer</source>
        <translation>坚持计时器</translation>
    </message>
    <message>
        <source>keep-alive timer</source>
        <translation>保活计时器</translation>
    </message>
    <message>
        <source>delayed-ACK timer</source>
        <translation>延迟确认计时器</translation>
    </message>
    <message>
        <source>TIME-WAIT timer</source>
        <translation>TIME-WAIT 计时器</translation>
    </message>
    <message>
        <source>FIN-WAIT-2 timer</source>
        <translation>FIN-WAIT-2 计时器</translation>
    </message>
    <message>
        <source>%1, fires at %2 s</source>
        <translation>%1，将于 %2 秒超时</translation>
    </message>
    <message>
        <source>%1 (was due at %2 s)</source>
        <translation>%1（原定 %2 秒超时）</translation>
    </message>
</context>
</TS>
