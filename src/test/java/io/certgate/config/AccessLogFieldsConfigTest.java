package io.certgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accessLog.fields} and {@code connectionLog}: IIS field names in order, mistakes at their own line. */
class AccessLogFieldsConfigTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() {
        ConfigFixture.mintFiles(dir);
    }

    private List<String> errors(String extra) {
        ConfigException e = catchThrowableOfType(() -> ConfigFixture.loadOneSite(dir, extra), ConfigException.class);
        assertThat(e).as("refused").isNotNull();
        return e.errors().stream().map(error -> error.origin().line() + ": " + error.origin().key() + ": " + error.message())
                .toList();
    }

    @Test
    void withoutFieldsTheW3cLogHasIisDefaultSet() throws Exception {
        GatewayConfig config = ConfigFixture.loadOneSite(dir, "accessLog:\n  file: logs/access.log\n");

        assertThat(config.accessLog().get().fields()).isEqualTo(W3cField.DEFAULTS);
        assertThat(W3cField.line(W3cField.DEFAULTS)).isEqualTo("date time s-ip cs-method cs-uri-stem cs-uri-query s-port"
                + " cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken");
    }

    @Test
    void fieldsAreTakenInOrderAsAListOrAsAFieldsLine() throws Exception {
        GatewayConfig list = ConfigFixture.loadOneSite(dir,
                "accessLog:\n  file: logs/access.log\n  fields: [time, x-reason, cs(User-Agent), sc-bytes]\n");
        GatewayConfig line = ConfigFixture.loadOneSite(dir,
                "accessLog:\n  file: logs/access.log\n  fields: time x-reason cs(User-Agent) sc-bytes\n");

        assertThat(list.accessLog().get().fields())
                .containsExactly(W3cField.TIME, W3cField.X_REASON, W3cField.CS_USER_AGENT, W3cField.SC_BYTES);
        assertThat(line.accessLog().get().fields()).isEqualTo(list.accessLog().get().fields());
    }

    @Test
    void anUnknownFieldIsReportedAtItsOwnLine() {
        // ONE_SITE is 7 lines: accessLog is line 8, fields 10, its items 11 to 13.
        assertThat(errors("accessLog:\n  file: logs/access.log\n  fields:\n    - date\n    - cs(user-agent)\n    - bytes\n"))
                .containsExactly(
                        "12: accessLog.fields[1]: unknown W3C field \"cs(user-agent)\"; did you mean \"cs(User-Agent)\"?",
                        "13: accessLog.fields[2]: unknown W3C field \"bytes\" (names as IIS spells them: "
                                + W3cField.names() + ")");
    }

    @Test
    void fieldsListedTwiceOrWithJsonAreRefused() {
        assertThat(errors("accessLog:\n  file: logs/access.log\n  fields: date date\n"))
                .containsExactly("10: accessLog.fields: \"date\" is listed twice");
        assertThat(errors("accessLog:\n  file: logs/access.log\n  format: json\n  fields: date\n"))
                .containsExactly("11: accessLog.fields: only format w3c takes a field list; format json always writes every field");
    }

    @Test
    void connectionLogTakesAFileAndTheJsonFormat() throws Exception {
        GatewayConfig config = ConfigFixture.loadOneSite(dir, "connectionLog: { file: logs/connections.log, format: json }\n");

        assertThat(config.connectionLog()).map(ConnectionLogConfig::output)
                .contains(new ConnectionLogConfig.Output(dir.resolve("logs/connections.log"), ConnectionLogFormat.JSON));
        assertThat(errors("connectionLog:\n  format: w3c\n")).containsExactlyInAnyOrder(
                "9: connectionLog.file: required",
                "9: connectionLog.format: expected one of json, got \"w3c\"");
    }
}
