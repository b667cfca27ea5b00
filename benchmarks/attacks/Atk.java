// Many-connection attacker (NIO). java Atk.java key=value...
//  port=7007 n=1000 src=1-1 (127.0.0.a-b source addresses) dur=60 (s)
//  send=BYTES total per conn (-1 = unlimited); rate=BYTES per second per conn (0 = as fast as possible)
//  line=64 (line length incl. \n; 0 = one unfinished line of 'a', no newline)
//  read=-1 (B/s per conn to read, -1 unlimited, 0 never)   prefix=HEX bytes sent first (e.g. half a ClientHello)
//  open=ms between connects (0 = all at once)
import java.net.*; import java.nio.*; import java.nio.channels.*; import java.util.*;
public class Atk {
  static class C { SocketChannel ch; long sent, toSend, sendAllow, readAllow, got; boolean connected, dead; ByteBuffer pre; String why=""; }
  public static void main(String[] a) throws Exception {
    Map<String,String> o = new HashMap<>(); for (String s : a) { int i = s.indexOf('='); o.put(s.substring(0,i), s.substring(i+1)); }
    int port = Integer.parseInt(o.getOrDefault("port","7007")), n = Integer.parseInt(o.getOrDefault("n","1000"));
    String[] src = o.getOrDefault("src","1-1").split("-"); int s0 = Integer.parseInt(src[0]), s1 = Integer.parseInt(src[src.length-1]);
    long dur = Long.parseLong(o.getOrDefault("dur","60"))*1000, send = parse(o.getOrDefault("send","0")), rate = parse(o.getOrDefault("rate","0"));
    long read = parse(o.getOrDefault("read","-1")); int line = Integer.parseInt(o.getOrDefault("line","64")); long openMs = Long.parseLong(o.getOrDefault("open","0"));
    byte[] pre = hex(o.getOrDefault("prefix",""));
    byte[] pat = new byte[65536]; for (int i = 0; i < pat.length; i++) pat[i] = (byte)(line > 0 && (i % line) == line-1 ? '\n' : 'a');
    Selector sel = Selector.open(); List<C> cs = new ArrayList<>(); long t0 = System.currentTimeMillis(), lastTick = t0, lastRep = t0; int opened = 0;
    ByteBuffer rb = ByteBuffer.allocate(65536); Map<String,Integer> why = new TreeMap<>();
    while (System.currentTimeMillis() - t0 < dur) {
      long now = System.currentTimeMillis();
      while (opened < n && (openMs == 0 || opened <= (now - t0) / openMs)) {
        C c = new C(); c.toSend = send; c.pre = ByteBuffer.wrap(pre);
        try { c.ch = SocketChannel.open(); c.ch.configureBlocking(false);
          c.ch.bind(new InetSocketAddress("127.0.0." + (s0 + opened % (s1 - s0 + 1)), 0));
          c.ch.connect(new InetSocketAddress("127.0.0.1", port)); c.ch.register(sel, SelectionKey.OP_CONNECT, c); cs.add(c);
        } catch (Exception e) { why.merge("connect:" + e, 1, Integer::sum); }
        opened++; if (openMs == 0 && opened % 200 == 0) break;
      }
      if (now - lastTick >= 100) { lastTick = now;
        for (C c : cs) { if (c.dead || !c.connected) continue;
          c.sendAllow = rate == 0 ? Long.MAX_VALUE : Math.min(c.sendAllow + rate/10 + (rate%10>0?1:0), rate);
          c.readAllow = read < 0 ? Long.MAX_VALUE : Math.min(c.readAllow + read/10 + (read%10>0?1:0), Math.max(read,1));
          int ops = 0; if ((c.toSend < 0 || c.sent < c.toSend || c.pre.hasRemaining()) && c.sendAllow > 0) ops |= SelectionKey.OP_WRITE;
          if (read != 0 && c.readAllow > 0) ops |= SelectionKey.OP_READ; c.ch.keyFor(sel).interestOps(ops); } }
      if (now - lastRep >= 5000) { lastRep = now; report(cs, why, now - t0); }
      sel.select(50);
      for (SelectionKey k : sel.selectedKeys()) { C c = (C) k.attachment();
        try {
          if (k.isConnectable()) { c.ch.finishConnect(); c.connected = true; k.interestOps(0); continue; }
          if (k.isWritable()) {
            ByteBuffer b;
            if (c.pre.hasRemaining()) b = c.pre;
            else { long want = Math.min(c.sendAllow, c.toSend < 0 ? 65536 : c.toSend - c.sent); int off = (int)(line > 0 ? c.sent % line : 0);
                   b = ByteBuffer.wrap(pat, off, (int)Math.min(want, 65536 - off)); }
            int w = c.ch.write(b); if (b != c.pre) { c.sent += w; c.sendAllow -= w; }
            if (c.sendAllow <= 0 || (c.toSend >= 0 && c.sent >= c.toSend && !c.pre.hasRemaining())) k.interestOps(k.interestOps() & ~SelectionKey.OP_WRITE);
          }
          if (k.isValid() && k.isReadable()) { rb.clear(); if (c.readAllow < rb.capacity()) rb.limit((int)Math.max(1, c.readAllow));
            int r = c.ch.read(rb); if (r < 0) { kill(c, "EOF", why); continue; } c.got += r; c.readAllow -= r;
            if (c.readAllow <= 0) k.interestOps(k.interestOps() & ~SelectionKey.OP_READ); }
        } catch (Exception e) { kill(c, e.getClass().getSimpleName() + ":" + e.getMessage(), why); }
      }
      sel.selectedKeys().clear();
    }
    report(cs, why, System.currentTimeMillis() - t0);
    for (C c : cs) try { c.ch.close(); } catch (Exception e) {}
  }
  static void kill(C c, String w, Map<String,Integer> why) { c.dead = true; why.merge(w, 1, Integer::sum); try { c.ch.close(); } catch (Exception e) {} }
  static void report(List<C> cs, Map<String,Integer> why, long t) {
    long conn = 0, dead = 0, sent = 0, got = 0; for (C c : cs) { if (c.connected && !c.dead) conn++; if (c.dead) dead++; sent += c.sent; got += c.got; }
    System.out.printf("t=%ds live=%d closed=%d sent=%.1fMiB read=%.1fMiB %s%n", t/1000, conn, dead, sent/1048576.0, got/1048576.0, why); System.out.flush(); }
  static long parse(String s) { s = s.toLowerCase(); long m = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1048576 : 1; return Long.parseLong(m == 1 ? s : s.substring(0, s.length()-1)) * m; }
  static byte[] hex(String h) { byte[] b = new byte[h.length()/2]; for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2*i, 2*i+2), 16); return b; }
}
