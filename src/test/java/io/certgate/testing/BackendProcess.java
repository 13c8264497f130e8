package io.certgate.testing;


/** {@link Backend} started as its own JVM process; closing stops it. */
public final class BackendProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private BackendProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static BackendProcess start() {
        Processes.StartedJvm started = Processes.startJavaMain(Backend.class, "backend listening on ");
        return new BackendProcess(started.process(), Integer.parseInt(started.ready()));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
