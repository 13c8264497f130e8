package io.certgate.cli;

import io.certgate.tls.tickets.TicketKeyFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certgate pki ticket-key --out FILE}: a new random session ticket key for
 * {@code tls.sessionTickets.keyFiles}, 80 bytes as nginx's {@code ssl_session_ticket_key} takes,
 * owner-only. Nothing of the CA is read or written: a ticket key is not a certificate.
 */
@Command(name = "ticket-key", mixinStandardHelpOptions = true,
        description = "Write a new random 80-byte session ticket key file (owner-only), as nginx's ssl_session_ticket_key takes.")
final class PkiTicketKeyCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the key")
    Path out;

    @Option(names = "--force", description = "replace FILE if it exists (its key stops opening tickets)")
    boolean force;

    @Override
    public Integer call() {
        return PkiCommand.run(() -> {
            try {
                TicketKeyFile.write(out, force, new SecureRandom());
            } catch (FileAlreadyExistsException e) {
                throw new io.certgate.pki.PkiException(e.getFile());
            }
            System.out.println("wrote " + out + "  session ticket key (" + TicketKeyFile.FILE_BYTES + " bytes, owner-only)");
            return 0;
        });
    }
}
