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
    <name>tcplab::ui::Appearance</name>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Large fonts and thick lines for a projector (F5)</source>
        <translation>为投影仪使用大字体和粗线条（F5）</translation>
    </message>
    <message>
        <source>&amp;High Contrast</source>
        <translation>高对比度(&amp;H)</translation>
    </message>
    <message>
        <source>White on black with strong colours</source>
        <translation>黑底白字，使用鲜明的颜色</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::Ask</name>
    <message>
        <source>&amp;Yes</source>
        <translation>是(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>否(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::EventList</name>
    <message>
        <source>All hosts</source>
        <translation>所有主机</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>所有事件</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>报文段</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Timers</source>
        <translation>计时器</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>Losses, retransmissions and remarks</source>
        <translation>丢失、重传和说明</translation>
    </message>
    <message>
        <source>Show the events of one host only</source>
        <translation>只显示一台主机的事件</translation>
    </message>
    <message>
        <source>Show one kind of event only</source>
        <translation>只显示一类事件</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::ExportMenu</name>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Ladder, Whole Run (PNG, SVG)…</source>
        <translation>梯形图，整个运行(&amp;L)（PNG、SVG）…</translation>
    </message>
    <message>
        <source>Ladder, &amp;Visible Part (PNG, SVG)…</source>
        <translation>梯形图，可见部分(&amp;V)（PNG、SVG）…</translation>
    </message>
    <message>
        <source>&amp;State Diagram (PNG, SVG)…</source>
        <translation>状态图(&amp;S)（PNG、SVG）…</translation>
    </message>
    <message>
        <source>&amp;Capture for Wireshark (pcap)…</source>
        <translation>Wireshark 抓包文件(&amp;C)（pcap）…</translation>
    </message>
    <message>
        <source>&amp;Trace (JSONL)…</source>
        <translation>跟踪记录(&amp;T)（JSONL）…</translation>
    </message>
    <message>
        <source>Lesson &amp;Handout (PDF)…</source>
        <translation>课程讲义(&amp;H)（PDF）…</translation>
    </message>
    <message>
        <source>PNG pictures (*.png);;SVG drawings (*.svg)</source>
        <translation>PNG 图片 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Packet captures (*.pcap)</source>
        <translation>抓包文件 (*.pcap)</translation>
    </message>
    <message>
        <source>TCP Lab traces (*.jsonl)</source>
        <translation>TCP Lab 跟踪记录 (*.jsonl)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>All links (a file for each)</source>
        <translation>所有链路（每条链路一个文件）</translation>
    </message>
    <message>
        <source>Export Capture</source>
        <translation>导出抓包文件</translation>
    </message>
    <message>
        <source>The link to capture:</source>
        <translation>要抓包的链路：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>There is no lesson to export.</source>
        <translation>没有可导出的课程。</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>The export to “%1” failed.</source>
        <translation>导出到“%1”失败。</translation>
    </message>
    <message>
        <source>Running the lesson again to capture its frames…</source>
        <translation>正在重新运行课程以捕获其帧……</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::Exports</name>
    <message>
        <source>Cannot write “%1”: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
    <message>
        <source>Cannot write “%1”: the picture could not be encoded.</source>
        <translation>无法写入“%1”：图片无法编码。</translation>
    </message>
    <message>
        <source>Exported from TCP Lab</source>
        <translation>由 TCP Lab 导出</translation>
    </message>
    <message>
        <source>Cannot create a temporary directory: %1</source>
        <translation>无法创建临时目录：%1</translation>
    </message>
    <message>
        <source>Cannot read “%1”: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <source>seed %1 · %2 events · %3 segments</source>
        <translation>种子 %1 · %2 个事件 · %3 个报文段</translation>
    </message>
    <message>
        <source>What happened, event by event</source>
        <translation>逐个事件：发生了什么</translation>
    </message>
    <message>
        <source>Teacher’s note: %1</source>
        <translation>教师提示：%1</translation>
    </message>
    <message>
        <source>… and %1 more events (see the trace export).</source>
        <translation>……还有 %1 个事件（见跟踪记录导出）。</translation>
    </message>
    <message>
        <source>Cannot write “%1”: the PDF could not be made.</source>
        <translation>无法写入“%1”：无法生成 PDF。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>The export was cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::LadderView</name>
    <message>
        <source>RTO</source>
        <translation>RTO</translation>
    </message>
    <message>
        <source>persist</source>
        <translation>坚持</translation>
    </message>
    <message>
        <source>keep-alive</source>
        <translation>保活</translation>
    </message>
    <message>
        <source>delayed ACK</source>
        <translation>延迟 ACK</translation>
    </message>
    <message>
        <source>2·MSL</source>
        <translation>2·MSL</translation>
    </message>
    <message>
        <source>FIN-WAIT-2</source>
        <translation>FIN-WAIT-2</translation>
    </message>
    <message>
        <source>[Duplicate] %1</source>
        <translation>[重复] %1</translation>
    </message>
    <message>
        <source>[Retransmission] %1</source>
        <translation>[重传] %1</translation>
    </message>
    <message>
        <source>%1 %2 s left</source>
        <translation>%1 剩余 %2 秒</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>%1 (router)</source>
        <translation>%1（路由器）</translation>
    </message>
    <message>
        <source>the new run departs here</source>
        <translation>新的运行从这里开始不同</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>另有 %1 个</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::MainWindow</name>
    <message>
        <source>TCP Lab</source>
        <translation>TCP Lab</translation>
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
        <source>About TCP Lab</source>
        <translation>关于 TCP Lab</translation>
    </message>
    <message>
        <source>&lt;b&gt;TCP Lab %1&lt;/b&gt;&lt;p&gt;An educational simulator of TCP&apos;s state machine (RFC 9293): step through a connection one event at a time.&lt;/p&gt;</source>
        <translation>&lt;b&gt;TCP Lab %1&lt;/b&gt;&lt;p&gt;TCP 状态机（RFC 9293）教学模拟器：一次一个事件地单步查看连接。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Save Lesson &amp;As…</source>
        <translation>课程另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Relative Sequence Numbers</source>
        <translation>相对序号(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Time-Proportional Axis</source>
        <translation>按时间比例的纵轴(&amp;T)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Reset &amp;Zoom</source>
        <translation>重置缩放(&amp;Z)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Back to the start, before the first event (Home)</source>
        <translation>回到开始，第一个事件之前（Home）</translation>
    </message>
    <message>
        <source>Go back one event (←)</source>
        <translation>后退一个事件（←）</translation>
    </message>
    <message>
        <source>Show the next event (→)</source>
        <translation>显示下一个事件（→）</translation>
    </message>
    <message>
        <source>Next State</source>
        <translation>下一状态</translation>
    </message>
    <message>
        <source>Go to the next state change (Shift+→)</source>
        <translation>转到下一次状态变化（Shift+→）</translation>
    </message>
    <message>
        <source>Previous State</source>
        <translation>上一状态</translation>
    </message>
    <message>
        <source>Go to the previous state change (Shift+←)</source>
        <translation>转到上一次状态变化（Shift+←）</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结尾</translation>
    </message>
    <message>
        <source>Go to the end of the run (End)</source>
        <translation>转到运行的结尾（End）</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>系统语言(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About TCP Lab</source>
        <translation>关于 TCP Lab(&amp;A)</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>播放控制</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>%1 events/s</source>
        <translation>每秒 %1 个事件</translation>
    </message>
    <message>
        <source>Drag to any moment of the run</source>
        <translation>拖动到运行中的任意时刻</translation>
    </message>
    <message>
        <source>What Happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>State Diagram</source>
        <translation>状态图</translation>
    </message>
    <message>
        <source>Connection Variables (TCB)</source>
        <translation>连接变量（TCB）</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>报文段</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>&amp;Follow:</source>
        <translation>跟踪(&amp;F)：</translation>
    </message>
    <message>
        <source>The connection whose states and variables are shown</source>
        <translation>显示其状态和变量的连接</translation>
    </message>
    <message>
        <source>Save Lesson As</source>
        <translation>课程另存为</translation>
    </message>
    <message>
        <source>TCP Lab lessons (*.json)</source>
        <translation>TCP Lab 课程 (*.json)</translation>
    </message>
    <message>
        <source>Cannot Save Lesson</source>
        <translation>无法保存课程</translation>
    </message>
    <message>
        <source>The lesson could not be saved as “%1”.</source>
        <translation>课程无法保存为“%1”。</translation>
    </message>
    <message>
        <source>%1 · seed %2 · %3 events · %4 segments</source>
        <translation>%1 · 种子 %2 · %3 个事件 · %4 个报文段</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>暂停（空格）</translation>
    </message>
    <message>
        <source>Play the run (Space)</source>
        <translation>播放这次运行（空格）</translation>
    </message>
    <message>
        <source>Running the Lesson</source>
        <translation>正在运行课程</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Running “%1” to its end…</source>
        <translation>正在把“%1”运行到结束…</translation>
    </message>
    <message>
        <source>simulated time %1 s of at most %2 s</source>
        <translation>模拟时间 %1 秒（上限 %2 秒）</translation>
    </message>
    <message>
        <source>%1 of at most %2 events</source>
        <translation>%1 个事件（上限 %2 个）</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>Cannot Run Lesson</source>
        <translation>无法运行课程</translation>
    </message>
    <message>
        <source>The edited lesson could not be run.</source>
        <translation>编辑后的课程无法运行。</translation>
    </message>
    <message>
        <source>&amp;Save Lesson</source>
        <translation>保存课程(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Scenario &amp;Editor</source>
        <translation>场景编辑器(&amp;E)</translation>
    </message>
    <message>
        <source>Edit the lesson: hosts, links, actions, faults and notes (Ctrl+E)</source>
        <translation>编辑课程：主机、链路、动作、故障和提示（Ctrl+E）</translation>
    </message>
    <message>
        <source>Scenario Editor</source>
        <translation>场景编辑器</translation>
    </message>
    <message>
        <source>Edit History</source>
        <translation>编辑历史</translation>
    </message>
    <message>
        <source>&lt;opened lesson&gt;</source>
        <translation>&lt;打开的课程&gt;</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The lesson “%1” has changes that are not saved. Save them?</source>
        <translation>课程“%1”有尚未保存的修改。要保存吗？</translation>
    </message>
    <message>
        <source>%1[*] — TCP Lab</source>
        <translation>%1[*] — TCP Lab</translation>
    </message>
    <message>
        <source>What If</source>
        <translation>假如</translation>
    </message>
    <message>
        <source>No fault rule can single out this segment.</source>
        <translation>没有故障规则能单独选中这个报文段。</translation>
    </message>
    <message>
        <source>&amp;Drop It</source>
        <translation>丢弃它(&amp;D)</translation>
    </message>
    <message>
        <source>Drop %1</source>
        <translation>丢弃 %1</translation>
    </message>
    <message>
        <source>De&amp;lay It By…</source>
        <translation>延迟它(&amp;L)…</translation>
    </message>
    <message>
        <source>Delay the Segment</source>
        <translation>延迟报文段</translation>
    </message>
    <message>
        <source>Extra delay (ms):</source>
        <translation>额外延迟（毫秒）：</translation>
    </message>
    <message>
        <source>Delay %1 by %2 ms</source>
        <translation>把 %1 延迟 %2 毫秒</translation>
    </message>
    <message>
        <source>D&amp;uplicate It</source>
        <translation>复制它(&amp;U)</translation>
    </message>
    <message>
        <source>Duplicate %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>What if %1, at %2 s…</source>
        <translation>假如 %1 在 %2 秒时……</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>%1 closes</source>
        <translation>%1 关闭</translation>
    </message>
    <message>
        <source>&amp;Shut Down Sending</source>
        <translation>关闭发送方向(&amp;S)</translation>
    </message>
    <message>
        <source>%1 shuts down sending</source>
        <translation>%1 关闭发送方向</translation>
    </message>
    <message>
        <source>&amp;Abort (RST)</source>
        <translation>中止（RST）(&amp;A)</translation>
    </message>
    <message>
        <source>%1 aborts</source>
        <translation>%1 中止连接</translation>
    </message>
    <message>
        <source>Se&amp;nd Bytes…</source>
        <translation>发送字节(&amp;N)…</translation>
    </message>
    <message>
        <source>Send Bytes</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Bytes to send:</source>
        <translation>要发送的字节数：</translation>
    </message>
    <message>
        <source>%1 sends %2 bytes</source>
        <translation>%1 发送 %2 字节</translation>
    </message>
    <message>
        <source>Restore Unsaved Edits</source>
        <translation>恢复未保存的编辑</translation>
    </message>
    <message>
        <source>TCP Lab did not exit cleanly. Unsaved edits of “%1” from %2 were kept. Restore them?</source>
        <translation>TCP Lab 上次没有正常退出。已保留“%1”在 %2 的未保存编辑。要恢复吗？</translation>
    </message>
    <message>
        <source>a lesson</source>
        <translation>一个课程</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>fragment %1 of IPv4 datagram ID %2</source>
        <translation>IPv4 数据报（标识 %2）的第 %1 个分片</translation>
    </message>
    <message>
        <source>IPv4 datagram ID %1</source>
        <translation>IPv4 数据报（标识 %1）</translation>
    </message>
    <message>
        <source>Running the edited lesson… %1 %</source>
        <translation>正在运行编辑后的课程… %1 %</translation>
    </message>
    <message>
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <source>What if this fragment…</source>
        <translation>假如这个分片……</translation>
    </message>
    <message>
        <source>What if this datagram…</source>
        <translation>假如这个数据报……</translation>
    </message>
    <message>
        <source>What if this segment…</source>
        <translation>假如这个报文段……</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::NarrationPanel</name>
    <message>
        <source>Start · %1 events in this run</source>
        <translation>开始 · 本次运行共 %1 个事件</translation>
    </message>
    <message>
        <source>Event %1 of %2 · t = %3 s</source>
        <translation>事件 %1 / %2 · t = %3 秒</translation>
    </message>
    <message>
        <source>Teacher&apos;s note:</source>
        <translation>教师提示：</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::Narrator</name>
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
        <source>TIME-WAIT (2·MSL) timer</source>
        <translation>TIME-WAIT（2·MSL）计时器</translation>
    </message>
    <message>
        <source>FIN-WAIT-2 timer</source>
        <translation>FIN-WAIT-2 计时器</translation>
    </message>
    <message>
        <source>RFC 6298</source>
        <translation>RFC 6298</translation>
    </message>
    <message>
        <source>RFC 9293 §%1</source>
        <translation>RFC 9293 §%1</translation>
    </message>
    <message>
        <source>Nothing has happened yet. Press Step (→) to see the first event, or Play (Space).</source>
        <translation>还什么都没有发生。按“单步”（→）查看第一个事件，或按“播放”（空格）。</translation>
    </message>
    <message>
        <source>%1 opens passively (listen): it creates a TCB and waits in LISTEN for a SYN.</source>
        <translation>%1 被动打开（listen）：它创建一个 TCB，并在 LISTEN 状态等待 SYN。</translation>
    </message>
    <message>
        <source>%1 opens actively (connect): it chooses its ISS = %2, sends a SYN and enters SYN-SENT.</source>
        <translation>%1 主动打开（connect）：它选择 ISS = %2，发送 SYN，进入 SYN-SENT。</translation>
    </message>
    <message>
        <source>%1 is in LISTEN and receives a SYN: it records IRS = %2, sends SYN,ACK with its ISS = %3, and enters SYN-RECEIVED.</source>
        <translation>%1 处于 LISTEN，收到一个 SYN：它记下 IRS = %2，用自己的 ISS = %3 发送 SYN,ACK，进入 SYN-RECEIVED。</translation>
    </message>
    <message>
        <source>%1 is in SYN-SENT and receives a SYN,ACK that acknowledges its SYN: it records IRS = %2, answers with an ACK and enters ESTABLISHED.</source>
        <translation>%1 处于 SYN-SENT，收到确认了自己 SYN 的 SYN,ACK：它记下 IRS = %2，回复 ACK，进入 ESTABLISHED。</translation>
    </message>
    <message>
        <source>%1 is in SYN-SENT and receives a SYN without an ACK — both sides opened at once: it records IRS = %2, sends SYN,ACK and enters SYN-RECEIVED.</source>
        <translation>%1 处于 SYN-SENT，收到不带 ACK 的 SYN——双方同时打开：它记下 IRS = %2，发送 SYN,ACK，进入 SYN-RECEIVED。</translation>
    </message>
    <message>
        <source>%1 is in SYN-RECEIVED and receives the ACK of its SYN: the three-way handshake is complete and it enters ESTABLISHED.</source>
        <translation>%1 处于 SYN-RECEIVED，收到对其 SYN 的 ACK：三次握手完成，进入 ESTABLISHED。</translation>
    </message>
    <message>
        <source>%1&apos;s application closes the connection: %1 sends a FIN and enters FIN-WAIT-1.</source>
        <translation>%1 的应用程序关闭连接：%1 发送 FIN，进入 FIN-WAIT-1。</translation>
    </message>
    <message>
        <source>%1 is in ESTABLISHED and receives a FIN: the peer has finished sending. It acknowledges the FIN, tells its application (end of stream) and enters CLOSE-WAIT.</source>
        <translation>%1 处于 ESTABLISHED，收到 FIN：对方已发送完毕。它确认该 FIN，通知应用程序（数据流结束），进入 CLOSE-WAIT。</translation>
    </message>
    <message>
        <source>%1 is in FIN-WAIT-1 and receives the ACK of its FIN: its direction is closed. It enters FIN-WAIT-2 and waits for the peer&apos;s FIN.</source>
        <translation>%1 处于 FIN-WAIT-1，收到对其 FIN 的 ACK：它这个方向已关闭。它进入 FIN-WAIT-2，等待对方的 FIN。</translation>
    </message>
    <message>
        <source>%1 is in FIN-WAIT-1 and receives the peer&apos;s FIN before the ACK of its own (a simultaneous close): it acknowledges the FIN and enters CLOSING.</source>
        <translation>%1 处于 FIN-WAIT-1，在自己的 FIN 被确认之前收到对方的 FIN（同时关闭）：它确认该 FIN，进入 CLOSING。</translation>
    </message>
    <message>
        <source>%1 is in FIN-WAIT-2 and receives the peer&apos;s FIN: it acknowledges it and enters TIME-WAIT, where it stays for 2·MSL in case that last ACK is lost.</source>
        <translation>%1 处于 FIN-WAIT-2，收到对方的 FIN：它确认该 FIN，进入 TIME-WAIT，并在那里停留 2·MSL，以防最后这个 ACK 丢失。</translation>
    </message>
    <message>
        <source>%1&apos;s application closes its side too: %1 sends its FIN and enters LAST-ACK.</source>
        <translation>%1 的应用程序也关闭了自己这一端：%1 发送 FIN，进入 LAST-ACK。</translation>
    </message>
    <message>
        <source>%1 is in CLOSING and receives the ACK of its FIN: it enters TIME-WAIT.</source>
        <translation>%1 处于 CLOSING，收到对其 FIN 的 ACK：进入 TIME-WAIT。</translation>
    </message>
    <message>
        <source>%1 is in LAST-ACK and receives the ACK of its FIN: the connection is closed and %1 deletes its TCB (CLOSED).</source>
        <translation>%1 处于 LAST-ACK，收到对其 FIN 的 ACK：连接关闭，%1 删除它的 TCB（CLOSED）。</translation>
    </message>
    <message>
        <source>%1&apos;s 2·MSL timer expires in TIME-WAIT: no old segment of this connection can still be in the network, so it deletes its TCB (CLOSED).</source>
        <translation>%1 在 TIME-WAIT 中的 2·MSL 计时器到期：这条连接的旧报文段已不可能还在网络中，所以它删除 TCB（CLOSED）。</translation>
    </message>
    <message>
        <source>%1 goes from %2 to %3 (“%4”).</source>
        <translation>%1 从 %2 进入 %3（“%4”）。</translation>
    </message>
    <message>
        <source>%1&apos;s application calls %2.</source>
        <translation>%1 的应用程序调用 %2。</translation>
    </message>
    <message>
        <source>%1 sends %2 to %3.</source>
        <translation>%1 向 %3 发送 %2。</translation>
    </message>
    <message>
        <source>It is a retransmission: these sequence numbers were sent before and not acknowledged.</source>
        <translation>这是一次重传：这些序号之前发送过，但没有得到确认。</translation>
    </message>
    <message>
        <source>%1 from %2 arrives at %3 after %4 ms on the link.</source>
        <translation>来自 %2 的 %1 在链路上经过 %4 毫秒后到达 %3。</translation>
    </message>
    <message>
        <source>The network loses %1 from %2 to %3 (%4). Nobody is told: the sender will notice only when its retransmission timer expires.</source>
        <translation>网络丢失了从 %2 到 %3 的 %1（%4）。没有人会被告知：发送方只有在重传计时器到期时才会察觉。</translation>
    </message>
    <message>
        <source>The network duplicates %1: a second copy will arrive.</source>
        <translation>网络复制了 %1：将会到达第二个副本。</translation>
    </message>
    <message>
        <source>The network holds %1 back by %2 ms.</source>
        <translation>网络将 %1 延迟了 %2 毫秒。</translation>
    </message>
    <message>
        <source>%1 starts its %2: it will fire at %3 s, in %4 s, unless it is stopped first.</source>
        <translation>%1 启动它的%2：除非先被停止，它将在 %3 秒（%4 秒后）触发。</translation>
    </message>
    <message>
        <source>%1 stops its %2: what it was waiting for has happened.</source>
        <translation>%1 停止它的%2：它在等待的事情已经发生。</translation>
    </message>
    <message>
        <source>%1&apos;s %2 expires.</source>
        <translation>%1 的%2到期。</translation>
    </message>
    <message>
        <source>It retransmits the oldest unacknowledged segment and doubles its timeout (exponential back-off).</source>
        <translation>它重传最早的未确认报文段，并把超时时间加倍（指数退避）。</translation>
    </message>
    <message>
        <source>%1 hands %2 bytes, in order, to its application.</source>
        <translation>%1 按顺序把 %2 字节交给它的应用程序。</translation>
    </message>
    <message>
        <source>%1 reports an error to its application: %2.</source>
        <translation>%1 向它的应用程序报告错误：%2。</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1：%2。</translation>
    </message>
    <message>
        <source>The run ends: %1.</source>
        <translation>运行结束：%1。</translation>
    </message>
    <message>
        <source>fragment (offset %1, %2 data bytes%3) of IPv4 datagram ID %4</source>
        <translation>IPv4 数据报（标识 %4）的分片（偏移 %1，%2 字节数据%3）</translation>
    </message>
    <message>
        <source>IPv4 datagram ID %1 (%2 bytes)</source>
        <translation>IPv4 数据报（标识 %1，%2 字节）</translation>
    </message>
    <message>
        <source>%1 puts a %2 on link %3, TTL %4.</source>
        <translation>%1 把%2发送到链路 %3 上，TTL 为 %4。</translation>
    </message>
    <message>
        <source>The %1 arrives at %2.</source>
        <translation>%1到达 %2。</translation>
    </message>
    <message>
        <source>%1 (IP layer): %2.</source>
        <translation>%1（IP 层）：%2。</translation>
    </message>
    <message>
        <source>%1 broadcasts an ARP request on link %2: “Who has %3? Tell %4.” It cannot send the IP datagram until it knows the next hop&apos;s MAC address (RFC 826).</source>
        <translation>%1 在链路 %2 上广播 ARP 请求：“谁是 %3？请告诉 %4。”在知道下一跳的 MAC 地址之前，它无法发送该 IP 数据报（RFC 826）。</translation>
    </message>
    <message>
        <source>%1 receives the ARP request for %2: it notes the sender&apos;s MAC address and, since %2 is its own address, answers (RFC 826).</source>
        <translation>%1 收到询问 %2 的 ARP 请求：它记下发送方的 MAC 地址；由于 %2 是它自己的地址，它作出应答（RFC 826）。</translation>
    </message>
    <message>
        <source>%1 answers with an ARP reply straight to %2: “%3 is at my MAC address” (RFC 826).</source>
        <translation>%1 直接向 %2 发送 ARP 应答：“%3 在我的 MAC 地址上”（RFC 826）。</translation>
    </message>
    <message>
        <source>The ARP reply reaches %1: it stores %2&apos;s MAC address in its ARP cache and sends the datagrams that were waiting (RFC 826).</source>
        <translation>ARP 应答到达 %1：它把 %2 的 MAC 地址存入 ARP 缓存，并发出正在等待的数据报（RFC 826）。</translation>
    </message>
    <message>
        <source>%1 sends an ICMP message to %2 on link %3: %4 (RFC 792).</source>
        <translation>%1 经链路 %3 向 %2 发送 ICMP 报文：%4（RFC 792）。</translation>
    </message>
    <message>
        <source>The ICMP message (%1) arrives at %2.</source>
        <translation>ICMP 报文（%1）到达 %2。</translation>
    </message>
    <message>
        <source>It is piece %1 of %2: each piece is a datagram of its own with the same ID, and only the destination puts them back together (RFC 791 §3.2).</source>
        <translation>这是 %2 片中的第 %1 片：每一片都是一个独立的数据报，标识（ID）相同，只有目的主机才会把它们重新组装起来（RFC 791 §3.2）。</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::PacketText</name>
    <message>
        <source>Internet Protocol Version 4</source>
        <translation>网际协议第 4 版（IPv4）</translation>
    </message>
    <message>
        <source>Src: %1, Dst: %2</source>
        <translation>源：%1，目的：%2</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Header Length</source>
        <translation>首部长度</translation>
    </message>
    <message>
        <source>20 bytes (5)</source>
        <translation>20 字节 (5)</translation>
    </message>
    <message>
        <source>Differentiated Services</source>
        <translation>区分服务</translation>
    </message>
    <message>
        <source>Total Length</source>
        <translation>总长度</translation>
    </message>
    <message>
        <source>Identification</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>0x2, Don&apos;t fragment</source>
        <translation>0x2，不分片</translation>
    </message>
    <message>
        <source>Fragment Offset</source>
        <translation>片偏移</translation>
    </message>
    <message>
        <source>Time to Live</source>
        <translation>生存时间</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>TCP (6)</source>
        <translation>TCP (6)</translation>
    </message>
    <message>
        <source>Header Checksum</source>
        <translation>首部校验和</translation>
    </message>
    <message>
        <source>%1 [correct]</source>
        <translation>%1 [正确]</translation>
    </message>
    <message>
        <source>Source Address</source>
        <translation>源地址</translation>
    </message>
    <message>
        <source>Destination Address</source>
        <translation>目的地址</translation>
    </message>
    <message>
        <source>Transmission Control Protocol</source>
        <translation>传输控制协议（TCP）</translation>
    </message>
    <message>
        <source>Src Port: %1, Dst Port: %2, Len: %3</source>
        <translation>源端口：%1，目的端口：%2，长度：%3</translation>
    </message>
    <message>
        <source>Source Port</source>
        <translation>源端口</translation>
    </message>
    <message>
        <source>Destination Port</source>
        <translation>目的端口</translation>
    </message>
    <message>
        <source>Sequence Number</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>%1 (relative %2)</source>
        <translation>%1（相对 %2）</translation>
    </message>
    <message>
        <source>Acknowledgment Number</source>
        <translation>确认号</translation>
    </message>
    <message>
        <source>%1 (not used: no ACK flag)</source>
        <translation>%1（未使用：无 ACK 标志）</translation>
    </message>
    <message>
        <source>%1 bytes (%2)</source>
        <translation>%1 字节 (%2)</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>置位</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未置位</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>%1 [over the header only: payload bytes not recorded]</source>
        <translation>%1 [仅覆盖首部：载荷字节未记录]</translation>
    </message>
    <message>
        <source>Urgent Pointer</source>
        <translation>紧急指针</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>4 bytes</source>
        <translation>4 字节</translation>
    </message>
    <message>
        <source>Maximum Segment Size</source>
        <translation>最大报文段长度</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Maximum Segment Size (2)</source>
        <translation>最大报文段长度 (2)</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>MSS Value</source>
        <translation>MSS 值</translation>
    </message>
    <message>
        <source>TCP payload</source>
        <translation>TCP 载荷</translation>
    </message>
    <message>
        <source>%1 bytes (not recorded in the trace)</source>
        <translation>%1 字节（跟踪中未记录）</translation>
    </message>
    <message>
        <source>Address Resolution Protocol</source>
        <translation>地址解析协议（ARP）</translation>
    </message>
    <message>
        <source>request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>reply</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Hardware type</source>
        <translation>硬件类型</translation>
    </message>
    <message>
        <source>Ethernet (1)</source>
        <translation>以太网 (1)</translation>
    </message>
    <message>
        <source>Protocol type</source>
        <translation>协议类型</translation>
    </message>
    <message>
        <source>Hardware size</source>
        <translation>硬件地址长度</translation>
    </message>
    <message>
        <source>Protocol size</source>
        <translation>协议地址长度</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>request (1)</source>
        <translation>请求 (1)</translation>
    </message>
    <message>
        <source>reply (2)</source>
        <translation>应答 (2)</translation>
    </message>
    <message>
        <source>Sender MAC address</source>
        <translation>发送方 MAC 地址</translation>
    </message>
    <message>
        <source>Sender IP address</source>
        <translation>发送方 IP 地址</translation>
    </message>
    <message>
        <source>Target MAC address</source>
        <translation>目标 MAC 地址</translation>
    </message>
    <message>
        <source>Target IP address</source>
        <translation>目标 IP 地址</translation>
    </message>
    <message>
        <source>Don&apos;t fragment</source>
        <translation>禁止分片</translation>
    </message>
    <message>
        <source>More fragments</source>
        <translation>更多分片</translation>
    </message>
    <message>
        <source>Reserved bit</source>
        <translation>保留位</translation>
    </message>
    <message>
        <source>%1 (× 8 = %2 bytes)</source>
        <translation>%1（× 8 = %2 字节）</translation>
    </message>
    <message>
        <source>ICMP (1)</source>
        <translation>ICMP (1)</translation>
    </message>
    <message>
        <source>Fragment data</source>
        <translation>分片数据</translation>
    </message>
    <message>
        <source>%1 bytes: bytes %2–%3 of the datagram&apos;s data (not recorded in the trace)</source>
        <translation>%1 字节：数据报数据的第 %2–%3 字节（跟踪中未记录）</translation>
    </message>
    <message>
        <source>Internet Control Message Protocol</source>
        <translation>互联网控制报文协议（ICMP）</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>over the message and its quote (not recorded)</source>
        <translation>覆盖报文及其引用部分（未记录）</translation>
    </message>
    <message>
        <source>MTU of next hop</source>
        <translation>下一跳 MTU</translation>
    </message>
    <message>
        <source>Fragmented</source>
        <translation>已分片</translation>
    </message>
    <message>
        <source>this first fragment holds %1 of the segment&apos;s %2 bytes after the IP header</source>
        <translation>这第一个分片装有该报文段在 IP 首部之后 %2 字节中的 %1 字节</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::QueueChart</name>
    <message>
        <source>SYN queue</source>
        <translation>SYN 队列</translation>
    </message>
    <message>
        <source>accept queue</source>
        <translation>全连接队列</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>No socket counts recorded for this host</source>
        <translation>该主机没有记录套接字计数</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::QuizPanel</name>
    <message>
        <source>Score: %1 of %2</source>
        <translation>得分：%1 / %2</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Turn on quiz mode (Play → Quiz Mode, F6): before each event you predict what happens, then it is shown.</source>
        <translation>打开测验模式（播放 → 测验模式，F6）：每个事件显示之前，先预测会发生什么，然后再揭晓。</translation>
    </message>
    <message>
        <source>This lesson has no questions.</source>
        <translation>这节课没有问题。</translation>
    </message>
    <message>
        <source>Step forward: a question comes before its event.</source>
        <translation>向前单步：问题会在它的事件之前出现。</translation>
    </message>
    <message>
        <source>What state does %1 enter next?</source>
        <translation>%1 接下来进入什么状态？</translation>
    </message>
    <message>
        <source>%1 sends the next segment. What is its acknowledgment number (relative, as on the ladder)?</source>
        <translation>%1 发送下一个报文段。它的确认号是多少（相对值，与梯形图相同）？</translation>
    </message>
    <message>
        <source>%1 sends the next segment. What is its acknowledgment number?</source>
        <translation>%1 发送下一个报文段。它的确认号是多少？</translation>
    </message>
    <message>
        <source>A segment is about to be sent again. Which side retransmits?</source>
        <translation>一个报文段即将再次发送。是哪一方在重传？</translation>
    </message>
    <message>
        <source>Right: %1.</source>
        <translation>正确：%1。</translation>
    </message>
    <message>
        <source>Not quite: the answer is %1.</source>
        <translation>不对：答案是 %1。</translation>
    </message>
    <message>
        <source>&amp;Quiz Mode</source>
        <translation>测验模式(&amp;Q)</translation>
    </message>
    <message>
        <source>Predict each event before it is shown, and keep score (F6)</source>
        <translation>在每个事件显示之前预测它，并记分（F6）</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::ScenarioEditor</name>
    <message>
        <source>The lesson cannot run: %1</source>
        <translation>课程无法运行：%1</translation>
    </message>
    <message>
        <source>Edit the title</source>
        <translation>编辑标题</translation>
    </message>
    <message>
        <source>Edit the Chinese title</source>
        <translation>编辑中文标题</translation>
    </message>
    <message>
        <source>Edit the description</source>
        <translation>编辑说明</translation>
    </message>
    <message>
        <source>Edit the Chinese description</source>
        <translation>编辑中文说明</translation>
    </message>
    <message>
        <source>Change the seed</source>
        <translation>修改种子</translation>
    </message>
    <message>
        <source>Change the profile</source>
        <translation>修改配置</translation>
    </message>
    <message>
        <source>Change the time limit</source>
        <translation>修改时间上限</translation>
    </message>
    <message>
        <source>Add host %1</source>
        <translation>添加主机 %1</translation>
    </message>
    <message>
        <source>Remove host %1</source>
        <translation>删除主机 %1</translation>
    </message>
    <message>
        <source>Rename host %1 to %2</source>
        <translation>把主机 %1 改名为 %2</translation>
    </message>
    <message>
        <source>The prefix length must be 8 to 30.</source>
        <translation>前缀长度必须在 8 到 30 之间。</translation>
    </message>
    <message>
        <source>“%1” is not an IPv4 address (a.b.c.d).</source>
        <translation>“%1”不是 IPv4 地址（a.b.c.d）。</translation>
    </message>
    <message>
        <source>Change the address of %1</source>
        <translation>修改 %1 的地址</translation>
    </message>
    <message>
        <source>Change the profile of %1</source>
        <translation>修改 %1 的配置</translation>
    </message>
    <message>
        <source>Change the ISN of %1</source>
        <translation>修改 %1 的 ISN</translation>
    </message>
    <message>
        <source>%1: expected %2..%3</source>
        <translation>%1：应为 %2..%3</translation>
    </message>
    <message>
        <source>Set %1 of %2</source>
        <translation>设置 %2 的 %1</translation>
    </message>
    <message>
        <source>Change a link&apos;s delay</source>
        <translation>修改链路延迟</translation>
    </message>
    <message>
        <source>Change a link&apos;s jitter</source>
        <translation>修改链路抖动</translation>
    </message>
    <message>
        <source>Change a link&apos;s bandwidth</source>
        <translation>修改链路带宽</translation>
    </message>
    <message>
        <source>Change a link&apos;s loss</source>
        <translation>修改链路丢包率</translation>
    </message>
    <message>
        <source>Change a link&apos;s duplication</source>
        <translation>修改链路重复率</translation>
    </message>
    <message>
        <source>Change a link&apos;s reordering</source>
        <translation>修改链路乱序率</translation>
    </message>
    <message>
        <source>Change a link&apos;s MTU</source>
        <translation>修改链路 MTU</translation>
    </message>
    <message>
        <source>Change a link&apos;s ends</source>
        <translation>修改链路端点</translation>
    </message>
    <message>
        <source>Add a link %1 – %2</source>
        <translation>添加链路 %1 – %2</translation>
    </message>
    <message>
        <source>Every two hosts are linked already.</source>
        <translation>每两台主机之间都已经有链路。</translation>
    </message>
    <message>
        <source>Remove a link</source>
        <translation>删除链路</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Add an action</source>
        <translation>添加动作</translation>
    </message>
    <message>
        <source>Remove action %1</source>
        <translation>删除动作 %1</translation>
    </message>
    <message>
        <source>The time is in milliseconds, 0 or more.</source>
        <translation>时间以毫秒为单位，不小于 0。</translation>
    </message>
    <message>
        <source>Unknown action “%1”.</source>
        <translation>未知动作“%1”。</translation>
    </message>
    <message>
        <source>A port is 0 to 65535.</source>
        <translation>端口在 0 到 65535 之间。</translation>
    </message>
    <message>
        <source>Bytes are 0 to 10000000.</source>
        <translation>字节数在 0 到 10000000 之间。</translation>
    </message>
    <message>
        <source>Edit action %1</source>
        <translation>编辑动作 %1</translation>
    </message>
    <message>
        <source>on %1 %2 +%3</source>
        <translation>%1 进入 %2 后 +%3</translation>
    </message>
    <message>
        <source>Add a fault rule</source>
        <translation>添加故障规则</translation>
    </message>
    <message>
        <source>Remove fault rule %1</source>
        <translation>删除故障规则 %1</translation>
    </message>
    <message>
        <source>Unknown kind of segment “%1”.</source>
        <translation>未知的报文段类型“%1”。</translation>
    </message>
    <message>
        <source>Which segment: 1 and on, or 0 for every one.</source>
        <translation>第几个报文段：从 1 开始，0 表示每一个。</translation>
    </message>
    <message>
        <source>Unknown fault “%1”.</source>
        <translation>未知故障“%1”。</translation>
    </message>
    <message>
        <source>A fragment is 1 to 8192, or empty for the whole datagram.</source>
        <translation>分片编号为 1 到 8192，留空表示整个数据报。</translation>
    </message>
    <message>
        <source>Edit fault rule %1</source>
        <translation>编辑故障规则 %1</translation>
    </message>
    <message>
        <source>A note for step %1.</source>
        <translation>第 %1 步的提示。</translation>
    </message>
    <message>
        <source>Add a note to step %1</source>
        <translation>为第 %1 步添加提示</translation>
    </message>
    <message>
        <source>Remove a note</source>
        <translation>删除提示</translation>
    </message>
    <message>
        <source>A step is 1 or more (the event&apos;s number).</source>
        <translation>步骤编号不小于 1（事件的序号）。</translation>
    </message>
    <message>
        <source>Edit the note of step %1</source>
        <translation>编辑第 %1 步的提示</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Title (English):</source>
        <translation>标题（英文）：</translation>
    </message>
    <message>
        <source>Title (Chinese):</source>
        <translation>标题（中文）：</translation>
    </message>
    <message>
        <source>Description (English):</source>
        <translation>说明（英文）：</translation>
    </message>
    <message>
        <source>Description (Chinese):</source>
        <translation>说明（中文）：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>时间上限：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>ISN:</source>
        <translation>ISN：</translation>
    </message>
    <message>
        <source>the lesson&apos;s</source>
        <translation>沿用课程的</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Unchecked: drawn from the seeded random generator</source>
        <translation>不勾选：由带种子的随机数生成器产生</translation>
    </message>
    <message>
        <source>TCP parameter</source>
        <translation>TCP 参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Bold: set for this host; empty a value to go back to the profile&apos;s</source>
        <translation>粗体：为这台主机单独设置；清空数值即恢复配置的默认值</translation>
    </message>
    <message>
        <source>End A:</source>
        <translation>端点 A：</translation>
    </message>
    <message>
        <source>End B:</source>
        <translation>端点 B：</translation>
    </message>
    <message>
        <source>MTU:</source>
        <translation>MTU：</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Delay:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>Jitter (±):</source>
        <translation>抖动（±）：</translation>
    </message>
    <message>
        <source>Bandwidth:</source>
        <translation>带宽：</translation>
    </message>
    <message>
        <source>Loss:</source>
        <translation>丢包：</translation>
    </message>
    <message>
        <source>Duplication:</source>
        <translation>重复：</translation>
    </message>
    <message>
        <source>Reordering:</source>
        <translation>乱序：</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source> bit/s</source>
        <translation> 比特/秒</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>At (ms)</source>
        <translation>时间（毫秒）</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>报文段</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>第几个</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Delay (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>Fragment</source>
        <translation>分片</translation>
    </message>
    <message>
        <source>“Drop the 2nd pure-ack from client to server”: Which 0 means every one</source>
        <translation>“丢弃从 client 到 server 的第 2 个纯 ACK”：第几个为 0 表示每一个</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>Add at the Current Step</source>
        <translation>在当前步骤添加</translation>
    </message>
    <message>
        <source>Change a link&apos;s reordering delay</source>
        <translation>修改链路乱序延迟</translation>
    </message>
    <message>
        <source>Held back by:</source>
        <translation>乱序延后：</translation>
    </message>
    <message>
        <source>How long a reordered segment is held back</source>
        <translation>乱序的报文段被延后多久</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::SegmentInspector</name>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>No segment selected: step to a segment, or click an arrow in the ladder.</source>
        <translation>未选择报文段：单步到一个报文段，或点击梯形图中的箭头。</translation>
    </message>
    <message>
        <source> · a network duplicate</source>
        <translation> · 网络产生的重复副本</translation>
    </message>
    <message>
        <source> · a retransmission</source>
        <translation> · 一次重传</translation>
    </message>
    <message>
        <source>&lt;b&gt;Segment %1&lt;/b&gt;: %2 → %3, sent at %4 s%5</source>
        <translation>&lt;b&gt;报文段 %1&lt;/b&gt;：%2 → %3，发送于 %4 秒%5</translation>
    </message>
    <message>
        <source>ARP request</source>
        <translation>ARP 请求</translation>
    </message>
    <message>
        <source>ARP reply</source>
        <translation>ARP 应答</translation>
    </message>
    <message>
        <source>Fragment %1 of %2</source>
        <translation>第 %1 片（共 %2 片）</translation>
    </message>
    <message>
        <source>Fragment (offset %1)</source>
        <translation>分片（偏移 %1）</translation>
    </message>
    <message>
        <source>ICMP message</source>
        <translation>ICMP 报文</translation>
    </message>
    <message>
        <source>IPv4 datagram</source>
        <translation>IPv4 数据报</translation>
    </message>
    <message>
        <source> of segment %1</source>
        <translation>，属于报文段 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;%2: %3 → %4 (one hop), sent at %5 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;%2：%3 → %4（一跳），发送于 %5 秒</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::SocketTableModel</name>
    <message>
        <source>Local Address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <source>Foreign Address</source>
        <translation>远端地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PID/Program name</source>
        <translation>PID/程序名</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::SocketTablePanel</name>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>The host whose sockets are shown</source>
        <translation>显示哪台主机的套接字</translation>
    </message>
    <message>
        <source>Show only the sockets in this state</source>
        <translation>只显示处于此状态的套接字</translation>
    </message>
    <message>
        <source>IPv4 reassembly buffers (RFC 791 §3.2)</source>
        <translation>IPv4 重组缓冲区（RFC 791 §3.2）</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Source → Destination</source>
        <translation>源 → 目的</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>at %1 s</source>
        <translation>时刻 %1 秒</translation>
    </message>
    <message>
        <source>No sockets.</source>
        <translation>没有套接字。</translation>
    </message>
    <message>
        <source>Per state: %1</source>
        <translation>各状态数量：%1</translation>
    </message>
    <message>
        <source>%1 bytes / %2 fragments</source>
        <translation>%1 字节 / %2 个分片</translation>
    </message>
    <message>
        <source>(of %1)</source>
        <translation>（共 %1）</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>%1 s (%2 s left)</source>
        <translation>%1 秒（剩余 %2 秒）</translation>
    </message>
</context>
<context>
    <name>tcplab::ui::TcbPanel</name>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Send buffer</source>
        <translation>发送缓冲区</translation>
    </message>
    <message>
        <source>Receive buffer</source>
        <translation>接收缓冲区</translation>
    </message>
    <message>
        <source>Retransmission timer</source>
        <translation>重传计时器</translation>
    </message>
    <message>
        <source>Persist timer</source>
        <translation>坚持计时器</translation>
    </message>
    <message>
        <source>Keep-alive timer</source>
        <translation>保活计时器</translation>
    </message>
    <message>
        <source>Delayed-ACK timer</source>
        <translation>延迟 ACK 计时器</translation>
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
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>no sample yet</source>
        <translation>尚无样本</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>剩余 %1 秒</translation>
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
        <source>%1, fires at %2 s</source>
        <translation>%1，将于 %2 秒超时</translation>
    </message>
    <message>
        <source>%1 (was due at %2 s)</source>
        <translation>%1（原定 %2 秒超时）</translation>
    </message>
    <message>
        <source>IP datagram sent</source>
        <translation>IP 数据报发出</translation>
    </message>
    <message>
        <source>IP datagram arrived</source>
        <translation>IP 数据报到达</translation>
    </message>
    <message>
        <source>IP datagram lost</source>
        <translation>IP 数据报丢失</translation>
    </message>
    <message>
        <source>Fragmented</source>
        <translation>已分片</translation>
    </message>
    <message>
        <source>Fragment held</source>
        <translation>分片暂存</translation>
    </message>
    <message>
        <source>Fragment discarded</source>
        <translation>分片丢弃</translation>
    </message>
    <message>
        <source>Reassembled</source>
        <translation>已重组</translation>
    </message>
    <message>
        <source>Reassembly timeout</source>
        <translation>重组超时</translation>
    </message>
    <message>
        <source>ICMP received</source>
        <translation>收到 ICMP</translation>
    </message>
    <message>
        <source>Path MTU changed</source>
        <translation>路径 MTU 改变</translation>
    </message>
    <message>
        <source>ARP request sent</source>
        <translation>ARP 请求发出</translation>
    </message>
    <message>
        <source>ARP reply sent</source>
        <translation>ARP 应答发出</translation>
    </message>
    <message>
        <source>ARP request arrived</source>
        <translation>ARP 请求到达</translation>
    </message>
    <message>
        <source>ARP reply arrived</source>
        <translation>ARP 应答到达</translation>
    </message>
</context>
</TS>
