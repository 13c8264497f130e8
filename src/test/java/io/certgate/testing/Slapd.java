package io.certgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (the Debian package) for ITs: a slapd.conf in a directory of the
 * test, the standard schemas plus any the test ships, entries loaded by {@code slapadd}, then
 * slapd in the foreground on a free loopback port. {@link #close()} stops it.
 */
public final class Slapd implements AutoCloseable {

    private static final String SLAPD = "/usr/sbin/slapd";
    private static final String SLAPADD = "/usr/sbin/slapadd";

    private final Process process;
    private final int port;

    private Slapd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param home       where slapd.conf, the database and slapd.log go
     * @param port       the loopback port it listens on, such as one from {@link #freePort()}
     * @param suffix     the database suffix, such as {@code dc=example,dc=com}; its entry is added as a domain
     * @param rootDn     the database's root DN (also the DN a test binds as)
     * @param rootPw     its password
     * @param schemas    classpath resources of extra schema files, such as {@code /ldap/ad-like.schema}
     * @param entries    LDIF of the entries under the suffix
     */
    public static Slapd start(Path home, int port, String suffix, String rootDn, String rootPw, List<String> schemas,
                              String entries) throws Exception {
        Files.createDirectories(home.resolve("db"));
        List<String> includes = new ArrayList<>(List.of("/etc/ldap/schema/core.schema",
                "/etc/ldap/schema/cosine.schema", "/etc/ldap/schema/inetorgperson.schema"));
        for (String resource : schemas) {
            Path schema = home.resolve(Path.of(resource).getFileName().toString());
            try (InputStream in = Slapd.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no schema resource " + resource);
                }
                Files.copy(in, schema);
            }
            includes.add(schema.toString());
        }
        StringBuilder conf = new StringBuilder();
        includes.forEach(i -> conf.append("include ").append(i).append('\n'));
        conf.append("""
                pidfile %s
                modulepath /usr/lib/ldap
                moduleload back_mdb
                database mdb
                suffix "%s"
                rootdn "%s"
                rootpw %s
                directory %s
                """.formatted(home.resolve("slapd.pid"), suffix, rootDn, rootPw, home.resolve("db")));
        Path confFile = Files.writeString(home.resolve("slapd.conf"), conf);
        String dc = suffix.split(",")[0].split("=")[1];
        Path data = Files.writeString(home.resolve("data.ldif"), """
                dn: %s
                objectClass: top
                objectClass: domain
                dc: %s

                """.formatted(suffix, dc) + entries);
        Process add = new ProcessBuilder(SLAPADD, "-f", confFile.toString(), "-l", data.toString())
                .redirectErrorStream(true).start();
        String addOutput = new String(add.getInputStream().readAllBytes());
        if (!add.waitFor(30, TimeUnit.SECONDS) || add.exitValue() != 0) {
            add.destroy();
            throw new IllegalStateException("slapadd failed: " + addOutput);
        }
        Process process = new ProcessBuilder(List.of(SLAPD, "-d", "0", "-f", confFile.toString(),
                "-h", "ldap://127.0.0.1:" + port + "/")).redirectErrorStream(true)
                .redirectOutput(home.resolve("slapd.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return new Slapd(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        process.destroy();
        throw new IllegalStateException("slapd did not start: " + Files.readString(home.resolve("slapd.log")));
    }

    public int port() {
        return port;
    }

    /** {@code ldap://127.0.0.1:PORT} */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A loopback port free now, for a test that must name slapd's URL (in certificates, say) before it starts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
