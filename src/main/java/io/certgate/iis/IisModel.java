package io.certgate.iis;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ApplicationHostReader} takes from applicationHost.config, as IIS spells it; nothing
 * here is certgate's yet. Defaults are IIS's documented ones, applied by the reader.
 */
public final class IisModel {

    private IisModel() {
    }

    /** The whole file: its sites, and the security settings of every {@code <location>}. */
    public record ApplicationHost(List<Site> sites, List<LocationSettings> locations) {
        public ApplicationHost {
            sites = List.copyOf(sites);
            locations = List.copyOf(locations);
        }
    }

    /** {@code <site name id>} with its {@code <bindings>} and the root application's physicalPath. */
    public record Site(String name, String id, List<Binding> bindings, Optional<String> physicalPath) {
        public Site {
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * {@code <binding protocol bindingInformation="ip:port:host">}; {@code ip} is {@code *} for every
     * address and {@code host} empty for any host name.
     */
    public record Binding(String protocol, String ip, int port, String host) {
    }

    /**
     * The {@code system.webServer/security} settings of one {@code <location path>}: an empty path
     * is the server-wide section, {@code "Default Web Site"} a site, {@code "Default Web Site/secure"}
     * a path in it.
     *
     * @param sslFlags the flags as written ({@code Ssl, SslNegotiateCert, SslRequireCert, Ssl128}), if set
     * @param iisMapping {@code iisClientCertificateMappingAuthentication}, if present
     * @param directoryMapper {@code clientCertificateMappingAuthentication enabled}, if present
     */
    public record LocationSettings(String path, int line, Optional<List<String>> sslFlags,
            Optional<IisMapping> iisMapping, Optional<Boolean> directoryMapper) {
    }

    /**
     * {@code <iisClientCertificateMappingAuthentication enabled oneToOneCertificateMappingsEnabled
     * manyToOneCertificateMappingsEnabled>} (IIS defaults: false, true, true).
     */
    public record IisMapping(boolean enabled, boolean oneToOneEnabled, boolean manyToOneEnabled,
            List<OneToOne> oneToOne, List<ManyToOne> manyToOne) {
        public IisMapping {
            oneToOne = List.copyOf(oneToOne);
            manyToOne = List.copyOf(manyToOne);
        }
    }

    /**
     * {@code <oneToOneMappings><add userName password certificate enabled>}; {@code certificate} is
     * the base64 DER blob IIS stores (whitespace removed).
     */
    public record OneToOne(String userName, boolean enabled, String certificate, boolean hasPassword, int line) {
    }

    /** {@code <manyToOneMappings><add name description enabled permissionMode userName password>}. */
    public record ManyToOne(String name, Optional<String> description, boolean enabled, String permissionMode,
            Optional<String> userName, boolean hasPassword, List<Rule> rules, int line) {
        public ManyToOne {
            rules = List.copyOf(rules);
        }
    }

    /** {@code <rules><add certificateField certificateSubField matchCriteria compareCaseSensitive>}. */
    public record Rule(String certificateField, String certificateSubField, String matchCriteria,
            boolean compareCaseSensitive, int line) {
    }
}
