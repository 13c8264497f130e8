package io.certgate.pki;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory LDAP directory shaped like Active Directory ({@code user} entries with
 * {@code sAMAccountName}, {@code userPrincipalName}, {@code altSecurityIdentities}, binary
 * {@code objectSid}, {@code userAccountControl}, {@code memberOf}) on a loopback port: what
 * {@code certgate demo --directory} and the tests map certificates against. Never used by the
 * request path.
 *
 * <pre>{@code
 * DemoDirectory directory = DemoDirectory.start();
 * directory.addUser("alice", "memberOf: cn=Staff,ou=groups,dc=example,dc=com");
 * }</pre>
 */
public final class DemoDirectory implements AutoCloseable {

    public static final String BASE_DN = "dc=example,dc=com";
    public static final String USERS_DN = "ou=users," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    public static final String BIND_DN = "cn=certgate,ou=services," + BASE_DN;
    /** The demo's bind password; a demo secret, printed nowhere. */
    public static final String BIND_PASSWORD = "demo-bind-password";
    /** AD's userAccountControl for a normal account, and with ACCOUNTDISABLE (0x2) set. */
    public static final int ENABLED = 512;
    public static final int DISABLED = 514;

    private final InMemoryDirectoryServer server;

    private DemoDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /** Starts a directory on 127.0.0.1 and a free port, with the base, users, groups and service account. */
    public static DemoDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), adLikeSchema()));
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), 0, null));
            config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE_DN, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "example")));
            for (String ou : List.of("users", "groups", "services")) {
                server.add(new Entry("ou=" + ou + "," + BASE_DN, new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", ou)));
            }
            server.startListening();
            return new DemoDirectory(server);
        } catch (LDAPException | IOException e) {
            throw new IllegalStateException("cannot start the in-memory directory: " + e.getMessage(), e);
        }
    }

    private static Schema adLikeSchema() throws IOException, LDAPException {
        try (InputStream in = DemoDirectory.class.getResourceAsStream("ad-like-schema.ldif");
             LDIFReader reader = new LDIFReader(in)) {
            try {
                return new Schema(reader.readEntry());
            } catch (com.unboundid.ldif.LDIFException e) {
                throw new IOException("the bundled schema cannot be read: " + e.getMessage(), e);
            }
        }
    }

    public int port() {
        return server.getListenPort();
    }

    /** {@code ldap://127.0.0.1:port} */
    public String url() {
        return "ldap://127.0.0.1:" + port();
    }

    /**
     * Adds {@code cn=name,ou=users,...}, an enabled {@code user} with {@code sAMAccountName} and
     * {@code userPrincipalName name@example.com}, plus any {@code "attribute: value"} lines.
     *
     * @return the entry's DN
     */
    public String addUser(String name, String... lines) {
        String dn = "cn=" + name + "," + USERS_DN;
        List<Attribute> attributes = new ArrayList<>(List.of(
                new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "user"),
                new Attribute("cn", name), new Attribute("sn", name), new Attribute("sAMAccountName", name)));
        boolean hasUpn = false;
        boolean hasControl = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            String attribute = line.substring(0, colon).trim();
            hasUpn |= attribute.equalsIgnoreCase("userPrincipalName");
            hasControl |= attribute.equalsIgnoreCase("userAccountControl");
            attributes.add(new Attribute(attribute, line.substring(colon + 1).trim()));
        }
        if (!hasUpn) {
            attributes.add(new Attribute("userPrincipalName", name + "@example.com"));
        }
        if (!hasControl) {
            attributes.add(new Attribute("userAccountControl", String.valueOf(ENABLED)));
        }
        add(new Entry(dn, attributes));
        return dn;
    }

    /** Adds an entry as given (merging values of an attribute named twice). */
    public void add(Entry entry) {
        try {
            Entry merged = new Entry(entry.getDN());
            for (Attribute attribute : entry.getAttributes()) {
                merged.addAttribute(attribute);
            }
            server.add(merged);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("cannot add " + entry.getDN() + ": " + e.getMessage(), e);
        }
    }

    /** Sets a binary attribute (such as objectSid) of an entry. */
    public void setBinary(String dn, String attribute, byte[] value) {
        try {
            server.modify(dn, new com.unboundid.ldap.sdk.Modification(
                    com.unboundid.ldap.sdk.ModificationType.REPLACE, attribute, value));
        } catch (LDAPException e) {
            throw new IllegalArgumentException("cannot modify " + dn + ": " + e.getMessage(), e);
        }
    }

    /** Keeps connections open but answers nothing for a minute: a directory that hangs (lookups time out). */
    public void stall() {
        server.setProcessingDelayMillis(60_000);
    }

    /** Stops answering (connections are closed): a directory that is down. */
    public void stopListening() {
        server.shutDown(true);
    }

    /** Answers again, on the same port. */
    public void startListening() {
        try {
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot listen again: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.setProcessingDelayMillis(0);
        server.shutDown(true);
    }
}
