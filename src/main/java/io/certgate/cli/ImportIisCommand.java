package io.certgate.cli;

import io.certgate.iis.ApplicationHostReader;
import io.certgate.iis.CertgateYamlWriter;
import io.certgate.iis.Conversion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code certgate import-iis applicationHost.config}: prints a certgate.yaml for the file's sites
 * on stdout, warnings (weak mappings, passwords not copied, settings left as comments) on stderr.
 * Exit 0, or 2 when the file cannot be read as an applicationHost.config.
 */
@Command(name = "import-iis", mixinStandardHelpOptions = true,
        description = "Print a certgate.yaml converted from an IIS applicationHost.config; warnings go to stderr.")
final class ImportIisCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "applicationHost.config", description = "the IIS configuration file")
    Path file;

    @Override
    public Integer call() {
        Conversion conversion;
        try (InputStream in = Files.newInputStream(file)) {
            conversion = CertgateYamlWriter.convert(ApplicationHostReader.read(in), file.getFileName().toString());
        } catch (IOException e) {
            System.err.println(file + ": cannot read: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (ApplicationHostReader.UnreadableConfigException e) {
            System.err.println(file + ": " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        System.out.print(conversion.yaml());
        conversion.warnings().forEach(warning -> System.err.println("WARNING " + warning));
        return 0;
    }
}
