package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken golden files: every mistake is reported as {@code file:line: key: what was expected},
 * with the line of the key itself, and all mistakes of a file come out of one run.
 */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void unknownKeyNamesItsLineAndSuggestsTheClosestKnownKey() {
        assertThat(errorsOf("unknown-key.yaml")).containsExactly(at(8, "sites[0].clientCertificates.mdoe:"
                + " unknown key; did you mean \"mode\"? (known here: advertise, intermediates, maxChainBytes,"
                + " maxChainLength, mode, policies, revocation, trustedRoots)"));
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyGetsNoHint() {
        assertThat(errorsOf("several-errors-in-a-site.yaml"))
                .contains(at(21, "sites[0].locations[1].mode: unknown key (known here: access, clientCertificates, identityHeaders, path, proxy, root)"));
    }

    @Test
    void badEnumValuesListTheChoices() {
        assertThat(errorsOf("bad-enum.yaml")).containsExactlyInAnyOrder(
                at(8, "sites[0].clientCertificates.mode: expected one of ignore, accept, require, got \"requir\""),
                at(12, "sites[0].clientCertificates.revocation.onUnavailable: expected one of deny, allow, got \"maybe\""));
    }

    @Test
    void missingRequiredKeysPointAtTheMapThatLacksThem() {
        assertThat(errorsOf("missing-required.yaml")).containsExactlyInAnyOrder(
                at(4, "sites[0].key: required: the server certificate's private key (PEM)"),
                at(8, "sites[0].locations[0].path: required"));
    }

    @Test
    void requiredAddressLeftEmptyIsReportedAsMissing() {
        assertThat(errorsOf("empty-values.yaml")).anySatisfy(e -> assertThat(e).startsWith(at(2, "listen[0].address: ")));
    }

    @Test
    void emptyHostListIsReportedAsMissingHosts() {
        assertThat(errorsOf("empty-values.yaml")).anySatisfy(e -> assertThat(e).startsWith(at(4, "sites[0].hosts: ")));
    }

    @Test
    void requiredLocationPathLeftEmptyIsReportedAsMissing() {
        assertThat(errorsOf("empty-values.yaml"))
                .anySatisfy(e -> assertThat(e).startsWith(at(8, "sites[0].locations[0].path: ")));
    }

    @Test
    void emptyListOfListenersIsRefused() {
        assertThat(errorsOf("empty-lists.yaml")).anySatisfy(e -> assertThat(e).startsWith(at(1, "listen: ")));
    }

    @Test
    void emptyListOfLocationsIsRefused() {
        assertThat(errorsOf("empty-lists.yaml")).anySatisfy(e -> assertThat(e).startsWith(at(6, "sites[0].locations: ")));
    }

    @Test
    void badAddressesAndPortsAreEachNamed() {
        assertThat(errorsOf("bad-address.yaml")).containsExactlyInAnyOrder(
                at(3, "listen[1].address: port must be a number from 0 to 65535, got \"99999\""),
                at(4, "listen[2].address: expected host:port such as 127.0.0.1:8443, got \"localhost\""),
                at(5, "listen[3].address: expected [IPv6]:port, got \"[::1]8443\""),
                at(6, "listen[4].address: listed twice (also at line 2)"));
    }

    @Test
    void hostServedByTwoSitesIsRefusedWhateverItsCase() {
        assertThat(errorsOf("duplicate-host.yaml")).containsExactly(
                at(10, "sites[1].hosts: \"LocalHost\" is already served by the site at line 4"));
    }

    @Test
    void locationPathListedTwiceIsRefusedEvenWithATrailingSlash() {
        assertThat(errorsOf("duplicate-location.yaml")).containsExactly(
                at(12, "sites[0].locations[2].path: \"/admin/\" is already a location at line 8"));
    }

    @Test
    void missingFilesAndDirectoriesAreNamedWithTheirResolvedPath() {
        assertThat(errorsOf("missing-files.yaml")).containsExactlyInAnyOrder(
                at(5, "sites[0].certificate: no such file: " + dir.resolve("tls/missing.pem")),
                at(6, "sites[0].key: is a directory, expected a file: " + dir.resolve("tls")),
                at(9, "sites[0].clientCertificates.trustedRoots: no such file: " + dir.resolve("pki/no-such-root.pem")),
                at(11, "sites[0].clientCertificates.revocation.crlFiles: no such file: " + dir.resolve("pki/no-such.crl")),
                at(14, "sites[0].locations[0].root: not a directory: " + dir.resolve("www/missing")));
    }

    @Test
    void requireWithoutTrustedRootsIsRefused() {
        assertThat(errorsOf("require-without-roots.yaml")).containsExactly(at(7, "sites[0].clientCertificates:"
                + " mode require needs clientCertificates.trustedRoots:"
                + " only certificates that chain to a configured root are trusted"));
    }

    @Test
    void locationThatAsksForCertificatesNeedsTrustedRootsOnItsSite() {
        assertThat(errorsOf("location-asks-without-roots.yaml")).singleElement().asString()
                .startsWith(at(10, "sites[0].locations[1]: mode accept needs clientCertificates.trustedRoots"));
    }

    @Test
    void yamlSyntaxErrorNamesTheLineItIsOn() {
        assertThat(errorsOf("syntax-error.yaml")).singleElement().asString()
                .startsWith(at(6, "(syntax): not valid YAML: mapping values are not allowed here"));
    }

    @Test
    void duplicateYamlKeyNamesBothLines() {
        assertThat(errorsOf("duplicate-key.yaml")).containsExactly(
                at(10, "sites[0].clientCertificates.mode: appears twice (first on line 8)"));
    }

    @Test
    void everyMistakeOfAFileIsReportedInOneRun() {
        assertThat(errorsOf("several-errors.yaml")).containsExactlyInAnyOrder(
                at(2, "listen[0].address: port must be a number from 0 to 65535, got \"http\""),
                at(1, "sites: required: at least one site with hosts, certificate, key and locations"),
                at(3, "site: unknown key; did you mean \"sites\"? (known here: accessLog, admin, connectionLog, directories, errors, http, identityHeaders, listen, shutdown, sites, tls)"),
                at(6, "errors.detail: expected one of detailed, internal, terse, got \"verbose\""),
                at(8, "accessLog.file: required"),
                at(10, "tls.provider: expected one of auto, boringssl, jdk, got \"openssl\""));
    }

    @Test
    void everyMistakeInsideASiteIsReportedInOneRun() {
        assertThat(errorsOf("several-errors-in-a-site.yaml")).containsExactlyInAnyOrder(
                at(4, "sites[0].hosts: \"bad host\" is not a host name, \"*.domain\" or \"*\""),
                at(10, "sites[0].clientCertificates.maxChainLength: expected a whole number from 1 to 20, got 0"),
                at(13, "sites[0].clientCertificates.revocation.refreshInterval:"
                        + " expected a duration such as 500ms, 30s, 10m, 1h or 1d, got \"soon\""),
                at(14, "sites[0].clientCertificates.revocation.fetchDistributionPoints: expected true or false, got \"sometimes\""),
                at(15, "sites[0].clientCertificates.revocation.ocps: unknown key; did you mean \"ocsp\"? (known here:"
                        + " connectTimeout, crlFiles, directory, fetchDistributionPoints, grace, ldapServer, maxCrlSize, ocsp, ocspNonce,"
                        + " onUnavailable,"
                        + " readTimeout, refreshInterval, scope)"),
                at(17, "sites[0].locations[0].path: expected an absolute path prefix such as /admin, got \"admin\""),
                at(21, "sites[0].locations[1].mode: unknown key (known here: access, clientCertificates, identityHeaders, path, proxy, root)"));
    }

    @Test
    void maxChainBytesAboveWhatTheTlsLayerReadsIsRefusedWithTheRange() {
        assertThat(errorsOf("max-chain-bytes.yaml")).containsExactly(
                at(10, "sites[0].clientCertificates.maxChainBytes: expected a size from 1024 bytes to 256KB,"
                        + " such as 32KB, got \"1MB\""));
    }

    @Test
    void downloadSettingsNameTheKeyAndWhatIsExpected() {
        assertThat(errorsOf("revocation-downloads.yaml")).containsExactlyInAnyOrder(
                at(12, "sites[0].clientCertificates.revocation.grace:"
                        + " expected a duration such as 500ms, 30s, 10m, 1h or 1d, got \"long\""),
                at(13, "sites[0].clientCertificates.revocation.connectTimeout: must be longer than 0"),
                at(14, "sites[0].clientCertificates.revocation.readTimeout: must be longer than 0"),
                at(15, "sites[0].clientCertificates.revocation.maxCrlSize: expected a size from 1024 bytes to 512MB,"
                        + " such as 64MB, got \"2TB\""),
                at(16, "sites[0].clientCertificates.revocation.ocspNonce: expected true or false, got \"maybe\""),
                at(17, "sites[0].clientCertificates.revocation.ldapServer: must be an ldap:// or ldaps:// URL,"
                        + " such as ldap://dc1.example.com:389"));
    }

    @Test
    void aMistakeIsReportedOnceEvenWhereTheLoaderReadsTheKeyTwice() {
        assertThat(errorsOf("listener-not-a-map.yaml")).containsExactly(
                at(1, "listen[0]: expected a map of settings, got a value"),
                at(1, "listen: needs at least one address to listen on, such as \"- address: 127.0.0.1:8443\""));
    }

    @Test
    void durationsTooLongForAnySettingAreErrorsNotCrashes() {
        assertThat(errorsOf("huge-durations.yaml")).containsExactlyInAnyOrder(
                at(11, "sites[0].clientCertificates.revocation.refreshInterval:"
                        + " expected a duration of at most 365d, got \"99999999999999999999h\""),
                at(12, "sites[0].clientCertificates.revocation.grace:"
                        + " expected a duration of at most 365d, got \"9999999999999999d\""),
                at(13, "sites[0].clientCertificates.revocation.connectTimeout: expected a duration of at most 365d, got \"366d\""));
    }

    @Test
    void theExceptionMessageListsEveryErrorOnItsOwnLine() throws Exception {
        ConfigException e = load("bad-address.yaml");

        assertThat(e.getMessage().lines()).hasSize(4)
                .allSatisfy(line -> assertThat(line).startsWith(file + ":"));
    }

    @Test
    void emptyFileNeedsListenersAndSites() throws Exception {
        file = Files.writeString(dir.resolve("empty.yaml"), "", StandardCharsets.UTF_8);

        assertThat(errors(file)).containsExactlyInAnyOrder(
                at(1, "listen: required: at least one address to listen on, such as \"- address: 127.0.0.1:8443\""),
                at(1, "sites: required: at least one site with hosts, certificate, key and locations"));
    }

    @Test
    void documentThatIsNotAMapIsRefused() throws Exception {
        file = Files.writeString(dir.resolve("list.yaml"), "- listen\n- sites\n", StandardCharsets.UTF_8);

        assertThat(errors(file)).containsExactly(
                at(1, "(document): expected a map of settings (listen:, sites:, ...), got a list"));
    }

    @Test
    void plainHttpListenerAloneIsNotEnough() throws Exception {
        ConfigFixture.mintFiles(dir);
        file = Files.writeString(dir.resolve("http-only.yaml"), """
                listen:
                  - address: 127.0.0.1:8080
                    redirectToHttps: false
                sites:
                  - hosts: [localhost]
                    certificate: tls/server.pem
                    key: tls/server.key
                    locations:
                      - path: /
                        root: www
                """, StandardCharsets.UTF_8);

        assertThat(errors(file)).containsExactly(
                at(1, "listen: needs at least one HTTPS listener (a listener without redirectToHttps)"));
    }

    @Test
    void missingConfigFileSaysItCannotBeRead() {
        file = dir.resolve("nowhere.yaml");

        assertThat(errors(file)).singleElement().asString().startsWith(file + ":").contains("cannot read");
    }

    private List<String> errorsOf(String goldenFile) {
        return load(goldenFile).errors().stream().map(ConfigError::toString).toList();
    }

    private ConfigException load(String goldenFile) {
        file = ConfigFixture.install(goldenFile, dir);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e).as("loading %s should fail", goldenFile).isNotNull();
        return e;
    }

    private static List<String> errors(Path file) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e).as("loading %s should fail", file).isNotNull();
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    private String at(int line, String keyAndMessage) {
        return file + ":" + line + ": " + keyAndMessage;
    }
}
