// Connection churn: java Churn.java PORT SECONDS THREADS rst(0|1) [sendLine 0|1]
import java.net.*; import java.util.concurrent.atomic.*;
public class Churn { public static void main(String[] a) throws Exception {
  int port = Integer.parseInt(a[0]); long end = System.currentTimeMillis() + Long.parseLong(a[1]) * 1000; int th = Integer.parseInt(a[2]);
  boolean rst = a[3].equals("1"), send = a.length > 4 && a[4].equals("1"); AtomicLong ok = new AtomicLong(), err = new AtomicLong();
  Thread[] ts = new Thread[th];
  for (int t = 0; t < th; t++) { final int src = 2 + t; ts[t] = new Thread(() -> { while (System.currentTimeMillis() < end) {
      try (Socket s = new Socket()) { s.bind(new InetSocketAddress("127.0.0." + src, 0)); if (rst) s.setSoLinger(true, 0);
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000); if (send) s.getOutputStream().write("x\n".getBytes()); ok.incrementAndGet();
      } catch (Exception e) { err.incrementAndGet(); } } }); ts[t].start(); }
  for (Thread t : ts) t.join(); System.out.println("connections " + ok + " errors " + err); } }
