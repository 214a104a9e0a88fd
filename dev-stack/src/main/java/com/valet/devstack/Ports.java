package com.valet.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: every dev-stack server binds 127.0.0.1 only. */
public final class Ports {
    private Ports() {
    }

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    /** A port the OS just handed out; free at the time of the call. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 0, loopback())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message a person can act on, instead of a bind stack trace later on. */
    public static void requireFree(int port, String what, String flag) {
        if (!isFree(port)) {
            throw new PortInUseException(String.format(
                    "Port %d (%s) is already in use on 127.0.0.1. Stop whatever listens there, or choose another port with %s=<port>.",
                    port, what, flag));
        }
    }

    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static final class PortInUseException extends RuntimeException {
        public PortInUseException(String message) {
            super(message);
        }
    }
}
