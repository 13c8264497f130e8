package io.certgate.server;

import io.certgate.config.AdvertiseMode;
import io.certgate.config.ClientCertificatesConfig;
import io.certgate.config.FileRef;
import io.certgate.config.GatewayConfig;
import io.certgate.config.SiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file a configuration makes certgate read when it builds a runtime, with the site and key
 * that name it: what a reload watches, and how it says what changed ("site localhost: crlFiles").
 * Static roots and proxy backends are not here: they are read live, not at build time.
 */
final class ConfigFiles {

    /** A file named at {@code key} of {@code site} (empty site: the configuration file itself). */
    record NamedFile(Path path, String site, String key) {
    }

    private ConfigFiles() {
    }

    static List<NamedFile> of(GatewayConfig config) {
        List<NamedFile> files = new ArrayList<>();
        files.add(new NamedFile(config.file(), "", ""));
        for (SiteConfig site : config.sites()) {
            add(files, site, "certificate", List.of(site.certificate()));
            add(files, site, "key", List.of(site.key()));
            ClientCertificatesConfig cc = site.clientCertificates();
            add(files, site, "trustedRoots", cc.trustedRoots());
            add(files, site, "intermediates", cc.intermediates());
            if (cc.advertise().mode() == AdvertiseMode.LIST) {
                add(files, site, "advertise", cc.advertise().files());
            }
            add(files, site, "crlFiles", cc.revocation().crlFiles());
            site.oneToOneMappings().forEach(m -> m.certificate()
                    .ifPresent(f -> add(files, site, "oneToOneMappings", List.of(f))));
        }
        return files;
    }

    private static void add(List<NamedFile> files, SiteConfig site, String key, List<FileRef> refs) {
        refs.forEach(ref -> files.add(new NamedFile(ref.path(), site.name(), key)));
    }
}
