package io.certgate.iis;

import io.certgate.iis.IisModel.ApplicationHost;
import io.certgate.iis.IisModel.Binding;
import io.certgate.iis.IisModel.IisMapping;
import io.certgate.iis.IisModel.LocationSettings;
import io.certgate.iis.IisModel.ManyToOne;
import io.certgate.iis.IisModel.OneToOne;
import io.certgate.iis.IisModel.Rule;
import io.certgate.iis.IisModel.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xml.sax.SAXException;

/**
 * Reads the parts of applicationHost.config certgate can carry over, with IIS's documented
 * defaults (learn.microsoft.com, IIS configuration reference: system.applicationHost/sites,
 * system.webServer/security/access, .../authentication/iisClientCertificateMappingAuthentication
 * and clientCertificateMappingAuthentication).
 */
public final class ApplicationHostReader {

    private ApplicationHostReader() {
    }

    /** Thrown for a file that is not XML or not an applicationHost.config; the message says which. */
    public static final class UnreadableConfigException extends Exception {
        UnreadableConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ApplicationHost read(InputStream in) throws IOException, UnreadableConfigException {
        XmlElement root;
        try {
            root = XmlElement.parse(in);
        } catch (SAXException e) {
            throw new UnreadableConfigException("not well-formed XML: " + e.getMessage(), e);
        }
        if (!root.name().equals("configuration")) {
            throw new UnreadableConfigException("the root element is <" + root.name()
                    + ">, not <configuration>: not an applicationHost.config", null);
        }
        List<Site> sites = new ArrayList<>();
        root.path("system.applicationHost", "sites").ifPresent(s -> s.children("site").forEach(e -> sites.add(site(e))));
        List<LocationSettings> locations = new ArrayList<>();
        // The server-wide section (outside any <location>) is the empty path: it applies to every site.
        root.child("system.webServer").ifPresent(w -> locations.add(settings("", w, w.line())));
        for (XmlElement location : root.children("location")) {
            String path = location.attribute("path").orElse("").trim();
            location.child("system.webServer").ifPresent(w -> locations.add(settings(path, w, location.line())));
        }
        return new ApplicationHost(sites, locations);
    }

    private static Site site(XmlElement e) {
        List<Binding> bindings = new ArrayList<>();
        e.path("bindings").ifPresent(b -> b.children("binding").forEach(binding -> binding(binding).ifPresent(bindings::add)));
        Optional<String> physicalPath = e.children("application").stream()
                .filter(a -> a.attribute("path").orElse("/").equals("/")).findFirst()
                .flatMap(a -> a.children("virtualDirectory").stream()
                        .filter(v -> v.attribute("path").orElse("/").equals("/")).findFirst())
                .flatMap(v -> v.attribute("physicalPath"));
        return new Site(e.attribute("name").orElse(""), e.attribute("id").orElse(""), bindings, physicalPath);
    }

    /** {@code bindingInformation="ip:port:host"} (RFC-less, IIS's own form; IPv6 in brackets). */
    private static Optional<Binding> binding(XmlElement e) {
        String protocol = e.attribute("protocol").orElse("").toLowerCase(Locale.ROOT);
        String info = e.attribute("bindingInformation").orElse("");
        int hostColon = info.lastIndexOf(':');
        int portColon = hostColon < 0 ? -1 : info.lastIndexOf(':', hostColon - 1);
        if (portColon < 0) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(info.substring(portColon + 1, hostColon));
            return Optional.of(new Binding(protocol, info.substring(0, portColon), port, info.substring(hostColon + 1)));
        } catch (NumberFormatException notAPort) {
            return Optional.empty();
        }
    }

    private static LocationSettings settings(String path, XmlElement webServer, int line) {
        Optional<XmlElement> security = webServer.child("security");
        Optional<List<String>> sslFlags = security.flatMap(s -> s.child("access")).flatMap(a -> a.attribute("sslFlags"))
                .map(f -> Arrays.stream(f.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
        Optional<XmlElement> authentication = security.flatMap(s -> s.child("authentication"));
        Optional<IisMapping> iisMapping = authentication.flatMap(a -> a.child("iisClientCertificateMappingAuthentication"))
                .map(ApplicationHostReader::iisMapping);
        Optional<Boolean> directoryMapper = authentication.flatMap(a -> a.child("clientCertificateMappingAuthentication"))
                .map(c -> bool(c, "enabled", false));
        return new LocationSettings(path, line, sslFlags, iisMapping, directoryMapper);
    }

    private static IisMapping iisMapping(XmlElement e) {
        List<OneToOne> oneToOne = new ArrayList<>();
        e.child("oneToOneMappings").ifPresent(m -> m.children("add").forEach(a -> oneToOne.add(new OneToOne(
                a.attribute("userName").orElse(""), bool(a, "enabled", true),
                a.attribute("certificate").orElse("").replaceAll("\\s", ""), a.attribute("password").isPresent(),
                a.line()))));
        List<ManyToOne> manyToOne = new ArrayList<>();
        e.child("manyToOneMappings").ifPresent(m -> m.children("add").forEach(a -> {
            List<Rule> rules = new ArrayList<>();
            a.child("rules").ifPresent(r -> r.children("add").forEach(rule -> rules.add(new Rule(
                    rule.attribute("certificateField").orElse("Subject"), rule.attribute("certificateSubField").orElse(""),
                    rule.attribute("matchCriteria").orElse(""), bool(rule, "compareCaseSensitive", true), rule.line()))));
            manyToOne.add(new ManyToOne(a.attribute("name").orElse(""), a.attribute("description"), bool(a, "enabled", true),
                    a.attribute("permissionMode").orElse("Allow"), a.attribute("userName").filter(u -> !u.isBlank()),
                    a.attribute("password").isPresent(), rules, a.line()));
        }));
        return new IisMapping(bool(e, "enabled", false), bool(e, "oneToOneCertificateMappingsEnabled", true),
                bool(e, "manyToOneCertificateMappingsEnabled", true), oneToOne, manyToOne);
    }

    private static boolean bool(XmlElement e, String key, boolean fallback) {
        return e.attribute(key).map(v -> v.trim().equalsIgnoreCase("true")).orElse(fallback);
    }
}
