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
import java.util.Optional;
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
        return start(home, port, suffix, rootDn, rootPw, schemas, entries, Optional.empty(), true);
    }

    /**
     * An ldaps:// listener besides the ldap:// one: slapd presents {@code certificate} (a PEM
     * chain, leaf first) with {@code key}.
     */
    public record Tls(int port, Path certificate, Path key) {
    }

    /**
     * As {@link #start(Path, int, String, String, String, List, String)}, with an ldaps listener
     * when {@code tls} is given and, unless {@code anonymousReads}, an ACL that lets only a bound
     * client read (the root DN, which ACLs never restrict), as a directory that refuses anonymous
     * reads of its CDP container.
     */
    public static Slapd start(Path home, int port, String suffix, String rootDn, String rootPw, List<String> schemas,
                              String entries, Optional<Tls> tls, boolean anonymousReads) throws Exception {
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
        if (tls.isPresent()) {
            conf.append("TLSCertificateFile ").append(tls.get().certificate()).append('\n')
                    .append("TLSCertificateKeyFile ").append(gnuTlsKey(tls.get().key(), home)).append('\n');
        }
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
        if (!anonymousReads) {
            conf.append("access to * by anonymous auth by * none\n");
        }
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
        String listeners = "ldap://127.0.0.1:" + port + "/" + tls.map(t -> " ldaps://127.0.0.1:" + t.port() + "/").orElse("");
        Process process = new ProcessBuilder(List.of(SLAPD, "-d", "0", "-f", confFile.toString(),
                "-h", listeners)).redirectErrorStream(true)
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

    /**
     * The key re-encoded by openssl: Debian's slapd reads keys with GnuTLS, which needs the public
     * key inside an EC private key (RFC 5915 makes it optional, and the JDK leaves it out);
     * {@code openssl ec} writes it. An RSA key is passed on as it is.
     */
    private static Path gnuTlsKey(Path key, Path home) throws Exception {
        if (!Files.readString(key).contains("PRIVATE KEY") || isRsa(key)) {
            return key;
        }
        Path converted = home.resolve("slapd.key");
        Process openssl = new ProcessBuilder("openssl", "ec", "-in", key.toString(), "-out", converted.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroy();
            throw new IllegalStateException("openssl pkey failed: " + output);
        }
        return converted;
    }

    private static boolean isRsa(Path key) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "rsa", "-in", key.toString(), "-noout")
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        return openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0;
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
