package io.certgate.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@code openssl s_client}, for what curl cannot show: the CA names, protocol versions. */
public final class OpenSslClient {

    private final List<String> args = new ArrayList<>();
    private String stdin = "";

    private OpenSslClient(int port) {
        args.addAll(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    }

    public static OpenSslClient connect(int port) {
        return new OpenSslClient(port);
    }

    public OpenSslClient serverName(String name) {
        return arg("-servername", name);
    }

    public OpenSslClient cert(Path certificate, Path key) {
        return arg("-cert", certificate.toString(), "-key", key.toString());
    }

    public OpenSslClient arg(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Sends an HTTP/1.1 request after the handshake and waits for the server to close. */
    public OpenSslClient request(String host, String path) {
        stdin = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        return arg("-ign_eof");
    }

    public Processes.Result run() {
        return Processes.run(args, null, stdin, 30);
    }

    /** The CA names listed under "Acceptable client certificate CA names", in order. */
    public static List<String> acceptableCaNames(String output) {
        List<String> names = new ArrayList<>();
        boolean inList = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("Acceptable client certificate CA names")) {
                inList = true;
            } else if (inList && (line.startsWith("Requested") || line.startsWith("Client Certificate Types")
                    || line.startsWith("Shared") || line.startsWith("Peer") || line.startsWith("---"))) {
                inList = false;
            } else if (inList && !line.isBlank()) {
                names.add(line.trim());
            }
        }
        return names;
    }
}
