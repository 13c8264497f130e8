package io.certgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.certgate.config.ClientCertMode;
import io.certgate.config.LocationConfig;
import io.certgate.config.SiteConfig;
import io.certgate.identity.CertificateMapper;
import io.certgate.identity.Identity;
import io.certgate.pki.Credential;
import io.certgate.testing.SiteYaml;
import io.certgate.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts, mappings and location rules together, as SPEC §3 writes them: the certificate is
 * mapped by the site's mapper, then the location's rule decides.
 */
class LocationAccessTest {

    static Verdicts verdicts;

    @TempDir
    Path dir;
    SiteConfig site;
    CertificateMapper mapper;

    @BeforeAll
    static void mint() {
        verdicts = new Verdicts();
    }

    @BeforeEach
    void load() throws Exception {
        SiteYaml yaml = SiteYaml.in(dir, verdicts.pki);
        yaml.client("alice", verdicts.alice);
        Files.createDirectories(dir.resolve("www/admin"));
        site = yaml.load("""
                accounts:
                  alice: { groups: [admins] }
                  sales: { groups: [staff] }
                  mallory: { enabled: false }
                oneToOneMappings:
                  - certificate: clients/alice.pem
                    userName: alice
                manyToOneMappings:
                  - name: contractors
                    permissionMode: deny
                    rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: Contractors }]
                  - name: former
                    userName: mallory
                    rules: [{ certificateField: subject, certificateSubField: CN, matchCriteria: "former-*" }]
                  - name: sales-department
                    userName: sales
                    rules: [{ certificateField: subject, certificateSubField: OU, matchCriteria: "sales*", compareCaseSensitive: false }]
                locations:
                  - path: /admin
                    access: { allowGroups: [admins] }
                    root: www/admin
                  - path: /staff
                    access: { denyUsers: [alice] }
                    root: www
                  - path: /members
                    clientCertificates: { mode: accept }
                    access: { allowGroups: [staff] }
                    root: www
                  - path: /
                    root: www
                """);
        mapper = CertificateMapper.compile(site);
    }

    private Decision request(String path, Credential client) {
        Verdict verdict = verdicts.validator().validate(client.chainWithoutRoot(), Verdicts.NOW);
        assertThat(verdict.isValid()).as(verdict.detail()).isTrue();
        LocationConfig location = location(path);
        return AccessPolicy.decide(location.mode(), verdict, mapper.map(verdict.client().orElseThrow()),
                location.access());
    }

    private LocationConfig location(String path) {
        return site.locations().stream().filter(l -> l.path().equals(path)).findFirst().orElseThrow();
    }

    private Credential client(String subject) {
        return verdicts.pki.client("x").subject(subject).build();
    }

    @Test
    void mappedAccountInAnAllowedGroupIsLetIn() {
        Decision decision = request("/admin", verdicts.alice);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.identity().accountName()).contains("alice");
    }

    @Test
    void mappedAccountOutsideTheAllowedGroupsGets401_3() {
        Decision decision = request("/admin", client("CN=sam,OU=Sales East"));

        assertThat(decision.refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(decision.detail()).contains("account \"sales\"");
    }

    @Test
    void deniedUserGets401_3WhereOthersPass() {
        assertThat(request("/staff", verdicts.alice).refusal()).contains(Refusal.ACCESS_DENIED);
        assertThat(request("/staff", client("CN=sam,OU=Sales East")).allowed()).isTrue();
    }

    @Test
    void certificateThatMapsToNoAccountGets403_12OnlyWhereARuleNeedsAnAccount() {
        Credential stranger = client("CN=nobody,OU=Engineering");

        assertThat(request("/admin", stranger).refusal()).contains(Refusal.MAPPER_DENIED);
        assertThat(request("/", stranger).allowed()).isTrue();
    }

    @Test
    void denyMappingAndDisabledAccountGet403_12EverywhereIncludingWithoutARule() {
        Credential contractor = client("CN=carl,OU=Sales East,OU=Contractors");
        Credential former = client("CN=former-sam,OU=Sales East");

        for (String path : new String[] {"/admin", "/staff", "/"}) {
            Decision denied = request(path, contractor);
            assertThat(denied.refusal()).as(path).contains(Refusal.MAPPER_DENIED);
            assertThat(denied.detail()).isEqualTo("many-to-one mapping \"contractors\" denies this certificate");
            Decision disabled = request(path, former);
            assertThat(disabled.refusal()).as(path).contains(Refusal.MAPPER_DENIED);
            assertThat(disabled.detail()).isEqualTo("account \"mallory\" is disabled");
        }
    }

    @Test
    void acceptLocationWithARuleRefusesClientsWithoutCertificateWith403_7() {
        LocationConfig members = location("/members");
        assertThat(members.mode()).isEqualTo(ClientCertMode.ACCEPT);

        Decision anonymous = AccessPolicy.decide(members.mode(), Verdict.missing(), Identity.ANONYMOUS,
                members.access());

        assertThat(anonymous.refusal()).contains(Refusal.CLIENT_CERTIFICATE_REQUIRED);
        assertThat(request("/members", client("CN=sam,OU=Sales East")).allowed()).isTrue();
    }
}
