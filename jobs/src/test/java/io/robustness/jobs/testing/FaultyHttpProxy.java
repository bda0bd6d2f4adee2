package io.robustness.jobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of an S3 server, passing requests through byte for byte
 * (so V4 signatures stay valid) and faulting some of them as an object store under load does:
 * {@code 503 SlowDown}, a connection reset before the request reaches the server or halfway through
 * the response, and responses that stall for seconds. Which request is faulted is a function of the
 * seed, the request (method and path, query included) and how often that request came before, so a
 * schedule does not depend on how threads interleave.
 */
public final class FaultyHttpProxy implements AutoCloseable {

  /** What happens to a request. */
  public enum Fault {
    NONE,
    SLOW_DOWN,
    RESET_BEFORE,
    RESET_MIDWAY,
    STALL
  }

  /** Chances per request, and how long a stall lasts. */
  public record Schedule(
      long seed,
      double slowDown,
      double resetBefore,
      double resetMidway,
      double stall,
      int stallMs) {

    public static Schedule none() {
      return new Schedule(0, 0, 0, 0, 0, 0);
    }

    Fault decide(String request, long occurrence) {
      long h = mix(seed ^ mix(request.hashCode()) ^ mix(occurrence * 0x9E3779B97F4A7C15L));
      double u = (h >>> 11) * 0x1.0p-53;
      if ((u -= slowDown) < 0) {
        return Fault.SLOW_DOWN;
      }
      if ((u -= resetBefore) < 0) {
        return Fault.RESET_BEFORE;
      }
      if ((u -= resetMidway) < 0) {
        return Fault.RESET_MIDWAY;
      }
      return (u - stall) < 0 ? Fault.STALL : Fault.NONE;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
  private final Set<String> faultedBefore = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Schedule schedule = Schedule.none();

  private FaultyHttpProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** A proxy to the server listening on {@code upstreamPort} of 127.0.0.1, faulting nothing yet. */
  public static FaultyHttpProxy to(int upstreamPort) throws IOException {
    return new FaultyHttpProxy(upstreamPort);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Faults from now on as {@code next} says; counts start again. */
  public void use(Schedule next) {
    counts.clear();
    seen.clear();
    faultedBefore.clear();
    schedule = next;
  }

  /**
   * What was counted since the last {@link #use}: {@code requests}, one entry per fault, {@code
   * retried} (requests that came again after being faulted), and per kind of request ({@code list},
   * {@code read}, {@code write}, {@code copy}, {@code delete}, {@code head}) how many of that kind
   * were faulted.
   */
  public Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(counts.keySet());
    keys.sort(null);
    for (String k : keys) {
      out.put(k, counts.get(k).get());
    }
    return out;
  }

  private void count(String what) {
    counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client;
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      open.add(upstream);
      // Buffered: heads are parsed a byte at a time.
      InputStream fromClient = new java.io.BufferedInputStream(client.getInputStream(), 65536);
      OutputStream toClient = new java.io.BufferedOutputStream(client.getOutputStream(), 65536);
      InputStream fromServer = new java.io.BufferedInputStream(upstream.getInputStream(), 65536);
      OutputStream toServer = new java.io.BufferedOutputStream(upstream.getOutputStream(), 65536);
      while (true) {
        Head request = Head.read(fromClient);
        if (request == null) {
          return;
        }
        String key = request.method() + " " + request.target();
        long occurrence = seen.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
        count("requests");
        if (faultedBefore.remove(key)) {
          count("retried");
        }
        Fault fault = schedule.decide(key, occurrence);
        if (fault != Fault.NONE) {
          count(fault.name().toLowerCase(Locale.ROOT));
          count("faulted " + kind(request));
          faultedBefore.add(key);
        }
        if (fault == Fault.SLOW_DOWN) {
          slowDown(toClient);
          return;
        }
        if (fault == Fault.RESET_BEFORE) {
          reset(client);
          return;
        }
        toServer.write(request.bytes());
        toServer.flush();
        if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
          Head interim = Head.read(fromServer);
          if (interim == null) {
            return;
          }
          toClient.write(interim.bytes());
          toClient.flush();
          if (interim.status() != 100) {
            copyBody(interim, request.method(), fromServer, toClient, Long.MAX_VALUE);
            return;
          }
        }
        copyBody(request, null, fromClient, toServer, Long.MAX_VALUE);
        toServer.flush();
        Head response = Head.read(fromServer);
        if (response == null) {
          return;
        }
        if (fault == Fault.STALL) {
          Thread.sleep(schedule.stallMs());
        }
        toClient.write(response.bytes());
        if (fault == Fault.RESET_MIDWAY) {
          copyBody(response, request.method(), fromServer, toClient, 1);
          toClient.flush();
          reset(client);
          return;
        }
        copyBody(response, request.method(), fromServer, toClient, Long.MAX_VALUE);
        toClient.flush();
        if ("close".equalsIgnoreCase(response.header("connection"))
            || "close".equalsIgnoreCase(request.header("connection"))) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // The client or the server went away: so does this connection.
    } finally {
      open.remove(client);
    }
  }

  private static String kind(Head request) {
    String target = request.target();
    return switch (request.method()) {
      case "GET" ->
          target.contains("list-type=") || target.contains("delimiter=") ? "list" : "read";
      case "PUT" -> request.header("x-amz-copy-source") != null ? "copy" : "write";
      case "DELETE", "POST" -> "delete";
      default -> request.method().toLowerCase(Locale.ROOT);
    };
  }

  private static void slowDown(OutputStream out) throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  /**
   * Copies the body that {@code head} announces, at most {@code limit} bytes of it. {@code
   * requestMethod} is the request's method when {@code head} is a response (null for a request).
   */
  private static void copyBody(
      Head head, String requestMethod, InputStream in, OutputStream out, long limit)
      throws IOException {
    if (requestMethod != null
        && (requestMethod.equals("HEAD")
            || head.status() == 204
            || head.status() == 304
            || head.status() / 100 == 1)) {
      return;
    }
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      copyChunked(in, out, limit);
      return;
    }
    String length = head.header("content-length");
    if (length != null) {
      copy(in, out, Math.min(limit, Long.parseLong(length.trim())));
    } else if (requestMethod != null) {
      copy(in, out, limit);
    }
  }

  private static void copyChunked(InputStream in, OutputStream out, long limit) throws IOException {
    long copied = 0;
    while (copied < limit) {
      String sizeLine = line(in);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size =
          Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        String trailer;
        do {
          trailer = line(in);
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } while (!trailer.isEmpty());
        return;
      }
      copy(in, out, size);
      copied += size;
      out.write(line(in).concat("\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[65536];
    long left = n;
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        if (n == Long.MAX_VALUE) {
          return;
        }
        throw new EOFException();
      }
      out.write(buffer, 0, read);
      left -= read;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    throw new EOFException();
  }

  /** A request or response head: the start line and headers, and their bytes as received. */
  private record Head(String startLine, Map<String, String> headers, byte[] bytes) {

    /** The next head on {@code in}, or null at the end of the stream. */
    static Head read(InputStream in) throws IOException {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      Map<String, String> headers = new LinkedHashMap<>();
      String start = null;
      while (true) {
        String l;
        try {
          l = line(in);
        } catch (EOFException e) {
          if (start == null && raw.size() == 0) {
            return null;
          }
          throw e;
        }
        raw.write((l + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (start == null) {
          start = l;
        } else if (l.isEmpty()) {
          return new Head(start, headers, raw.toByteArray());
        } else {
          int colon = l.indexOf(':');
          headers.put(
              l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
      }
    }

    String header(String name) {
      return headers.get(name);
    }

    String method() {
      return startLine.substring(0, startLine.indexOf(' '));
    }

    String target() {
      String[] parts = startLine.split(" ");
      return parts.length > 1 ? parts[1] : "";
    }

    int status() {
      String[] parts = startLine.split(" ");
      return parts.length > 1 && startLine.startsWith("HTTP/") ? Integer.parseInt(parts[1]) : 0;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "faulty-http-proxy");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }
}
