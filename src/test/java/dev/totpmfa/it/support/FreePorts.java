package dev.totpmfa.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the servers the tests start (Keycloak, its cluster transport, the SMTP stub). */
public final class FreePorts {

    private FreePorts() {
    }

    /** A TCP port nobody listened on a moment ago; the caller binds it soon after. */
    public static int any() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
