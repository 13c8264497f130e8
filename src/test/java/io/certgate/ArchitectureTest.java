package io.certgate;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * DESIGN §3 as a test: each package is a room with one job, and arrows point down only. An
 * upward import (the mapper reading the network, TLS code building HTTP answers, the request
 * path using the test CA toolkit) fails the build.
 */
@AnalyzeClasses(packages = "io.certgate", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule arrowsPointDown = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli").definedBy("io.certgate.cli..")
            .layer("server").definedBy("io.certgate.server..")
            .layer("admin").definedBy("io.certgate.admin..")
            .layer("http").definedBy("io.certgate.http..")
            .layer("tls").definedBy("io.certgate.tls..")
            .layer("upstream").definedBy("io.certgate.upstream..")
            .layer("log").definedBy("io.certgate.log..")
            .layer("access").definedBy("io.certgate.access..")
            .layer("identity").definedBy("io.certgate.identity..")
            .layer("directory").definedBy("io.certgate.directory..")
            .layer("validation").definedBy("io.certgate.validation..")
            .layer("revocation").definedBy("io.certgate.revocation..")
            .layer("pki").definedBy("io.certgate.pki..")
            .layer("iis").definedBy("io.certgate.iis..")
            .layer("x509").definedBy("io.certgate.x509..")
            .layer("proxyprotocol").definedBy("io.certgate.proxyprotocol..")
            .layer("config").definedBy("io.certgate.config..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("admin").mayOnlyBeAccessedByLayers("server", "cli")
            .whereLayer("http").mayOnlyBeAccessedByLayers("server", "cli")
            .whereLayer("tls").mayOnlyBeAccessedByLayers("http", "server", "cli")
            .whereLayer("upstream").mayOnlyBeAccessedByLayers("http", "server", "cli")
            .whereLayer("log").mayOnlyBeAccessedByLayers("admin", "http", "server", "cli")
            .whereLayer("access").mayOnlyBeAccessedByLayers("http", "server", "cli")
            .whereLayer("identity").mayOnlyBeAccessedByLayers("access", "http", "server", "cli")
            .whereLayer("directory").mayOnlyBeAccessedByLayers("identity", "revocation", "server", "cli")
            .whereLayer("validation").mayOnlyBeAccessedByLayers("tls", "access", "http", "server", "cli")
            .whereLayer("revocation").mayOnlyBeAccessedByLayers("validation", "server", "cli")
            .whereLayer("proxyprotocol").mayOnlyBeAccessedByLayers("http", "server", "cli")
            .whereLayer("pki").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("iis").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("x509").mayOnlyBeAccessedByLayers("cli", "server", "http", "tls", "upstream", "log", "access",
                    "identity", "directory", "validation", "revocation", "pki", "iis")
            .whereLayer("config").mayOnlyBeAccessedByLayers("cli", "server", "admin", "http", "tls", "upstream", "log", "access",
                    "identity", "directory", "validation", "revocation", "proxyprotocol");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.certgate.(*)..").should().beFreeOfCycles();
}
