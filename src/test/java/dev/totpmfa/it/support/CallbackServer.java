package dev.totpmfa.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Where the test client's redirect URI points: a page that only says "signed in", so that a browser which
 * finished a login lands on a real page (the tests read the {@code code} from its URL; nothing redeems it).
 */
public final class CallbackServer {

    private static HttpServer server;

    private CallbackServer() {
    }

    /** {@code http://127.0.0.1:<port>/callback}, the server started on first use and kept for the JVM's life. */
    public static synchronized String redirectUri() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/callback", exchange -> {
                byte[] body = ("<!DOCTYPE html><html><head><title>callback</title></head>"
                        + "<body><p id=\"callback\">signed in</p></body></html>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "it-callback");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }
}
