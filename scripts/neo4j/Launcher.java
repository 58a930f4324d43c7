/*
 * Local Neo4j for tests and CI: N independent embedded Neo4j Community 5.26 DBMS instances in
 * ONE JVM, each with its own home directory and its own Bolt connector on 127.0.0.1.
 *
 * Why several DBMS instead of several databases: Community edition has one user database per
 * DBMS, and vitest runs test files in parallel workers, so each worker gets a DBMS of its own,
 * plus one for its fault tests, which stop and restart a database. Sharing one JVM
 * keeps the cost of a second and third instance to their page cache and threads (one JIT, one
 * heap, one set of loaded classes).
 *
 * Run (flags are the ones Neo4j 5.26's own neo4j.conf passes; see neo4j-process.ts JVM_FLAGS):
 *   java --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
 *        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
 *        -Xmx1g -cp '.neo4j/lib/*' scripts/neo4j/Launcher.java \
 *        --instances 4 --data-dir /tmp/x [--ports 7687,0,0,0] [--page-cache 64m]
 *
 * Protocol on stdout (one line each, everything else Neo4j prints is noise to the reader):
 *   NEO4J_READY <k> bolt://127.0.0.1:<port>     instance k (1-based) accepts Bolt
 *   NEO4J_CONTROL <port>                        control socket on 127.0.0.1
 *   NEO4J_ALL_READY                             every instance is up
 *   NEO4J_FAILED <message>                      startup failed; the JVM exits 1
 * Control socket: line commands `stop K`, `start K`, `status`; answers `OK ...` or `ERR ...`.
 * `start K` reuses K's home directory and Bolt port, so its data survives a stop.
 * Lifecycle: SIGTERM, SIGINT or EOF on stdin shuts every instance down cleanly, then exits;
 * EOF on stdin is what stops the JVM when the Node parent dies without cleaning up.
 */

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public class Launcher {
    /** Defaults sized for a 2-core, shared CI machine: tests hold tiny graphs. */
    static final class Defaults {
        static final int INSTANCES = 1;
        static final String PAGE_CACHE = "64m";
        static final String HOST = "127.0.0.1";
        /** Keep only the newest transaction log file: no backups or CDC here. */
        static final String TX_LOG_RETENTION = "1 files";
        /** Small rotation and no preallocation: the default preallocates 256 MiB per database. */
        static final long TX_LOG_ROTATION_BYTES = ByteUnit.mebiBytes(16);
        /** Per-DBMS cap on transaction memory; three instances share one -Xmx1g heap. */
        static final long TX_MEMORY_MAX_BYTES = ByteUnit.mebiBytes(256);
        /**
         * Netty's graceful shutdown waits a 5 s quiet period per event-loop group (~10 s per stop);
         * nothing here needs it, and fault tests stop instances often. Internal settings, the same
         * knobs Neo4j's own test builder turns down.
         */
        static final int BOLT_SHUTDOWN_QUIET_PERIOD_SECONDS = 0;
        static final Duration BOLT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
        static final Duration DATABASE_AVAILABLE_TIMEOUT = Duration.ofSeconds(120);
        /** Halt if a clean shutdown hangs, so no JVM outlives its test run. */
        static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);
    }

    static final String DEFAULT_DATABASE = "neo4j";

    /** One DBMS: fixed home and port for its whole life, so a restart finds its data again. */
    static final class Instance {
        final int index;
        final Path home;
        final int port;
        final long pageCacheBytes;
        private DatabaseManagementService dbms;

        Instance(int index, Path home, int port, long pageCacheBytes) {
            this.index = index;
            this.home = home;
            this.port = port;
            this.pageCacheBytes = pageCacheBytes;
        }

        String uri() {
            return "bolt://" + Defaults.HOST + ":" + port;
        }

        synchronized boolean isRunning() {
            return dbms != null;
        }

        synchronized void start() {
            if (dbms != null) return;
            DatabaseManagementService started = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(Defaults.HOST, port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(Defaults.HOST, port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, Defaults.BOLT_SHUTDOWN_QUIET_PERIOD_SECONDS)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Defaults.BOLT_SHUTDOWN_TIMEOUT)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, Defaults.TX_LOG_RETENTION)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, Defaults.TX_LOG_ROTATION_BYTES)
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, Defaults.TX_MEMORY_MAX_BYTES)
                    .build();
            try {
                GraphDatabaseService db = started.database(DEFAULT_DATABASE);
                if (!db.isAvailable(Defaults.DATABASE_AVAILABLE_TIMEOUT.toMillis())) {
                    throw new IllegalStateException("database '" + DEFAULT_DATABASE + "' of instance " + index
                            + " not available after " + Defaults.DATABASE_AVAILABLE_TIMEOUT.toSeconds() + " s");
                }
            } catch (RuntimeException e) {
                started.shutdown();
                throw e;
            }
            dbms = started;
        }

        synchronized void stop() {
            if (dbms == null) return;
            try {
                dbms.shutdown();
            } finally {
                dbms = null;
            }
        }
    }

    record Options(int instances, Path dataDir, List<Integer> ports, long pageCacheBytes) {}

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parseOptions(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Launcher: " + e.getMessage());
            System.err.println("usage: Launcher --instances N --data-dir DIR [--ports P1,P2,...] [--page-cache 64m]");
            System.exit(2);
            return;
        }

        List<Instance> instances = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(instances), "neo4j-launcher-shutdown"));

        try {
            Files.createDirectories(options.dataDir());
            for (int k = 1; k <= options.instances(); k++) {
                int requested = k <= options.ports().size() ? options.ports().get(k - 1) : 0;
                int port = requested > 0 ? requested : findFreePort();
                instances.add(new Instance(k, options.dataDir().resolve("instance-" + k), port, options.pageCacheBytes()));
            }
            startAll(instances);
            ServerSocket control = new ServerSocket(0, 16, InetAddress.getByName(Defaults.HOST));
            startDaemon("neo4j-launcher-control", () -> serveControl(control, instances));
            say("NEO4J_CONTROL " + control.getLocalPort());
            say("NEO4J_ALL_READY");
        } catch (Throwable e) {
            e.printStackTrace();
            say("NEO4J_FAILED " + oneLine(e));
            System.exit(1);
        }

        // Block on stdin: EOF means the parent is gone or asked us to stop.
        try {
            while (System.in.read() != -1) {
                // input is ignored; only its end matters
            }
        } catch (IOException ignored) {
            // a broken stdin is the same as EOF
        }
        System.exit(0); // runs the shutdown hook, which stops every instance
    }

    /** Instances start in parallel: each spends most of its startup waiting on its own IO and locks. */
    static void startAll(List<Instance> instances) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances.size());
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (Instance instance : instances) {
                pending.add(pool.submit(() -> {
                    instance.start();
                    say("NEO4J_READY " + instance.index + " " + instance.uri());
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    static void stopAll(List<Instance> instances) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Defaults.SHUTDOWN_GRACE.toMillis());
                System.err.println("Launcher: clean shutdown took over " + Defaults.SHUTDOWN_GRACE.toSeconds() + " s; halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // shutdown finished in time
            }
        }, "neo4j-launcher-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        List<Thread> stoppers = new ArrayList<>();
        for (Instance instance : instances) {
            Thread t = new Thread(() -> {
                try {
                    instance.stop();
                } catch (Throwable e) {
                    System.err.println("Launcher: stopping instance " + instance.index + " failed: " + oneLine(e));
                }
            }, "neo4j-launcher-stop-" + instance.index);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        watchdog.interrupt();
    }

    static void serveControl(ServerSocket control, List<Instance> instances) {
        while (!control.isClosed()) {
            try {
                Socket client = control.accept();
                startDaemon("neo4j-launcher-control-client", () -> serveClient(client, instances));
            } catch (IOException e) {
                if (!control.isClosed()) System.err.println("Launcher: control accept failed: " + oneLine(e));
            }
        }
    }

    static void serveClient(Socket client, List<Instance> instances) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                out.println(runCommand(line.trim(), instances));
            }
        } catch (IOException e) {
            System.err.println("Launcher: control client failed: " + oneLine(e));
        }
    }

    static String runCommand(String line, List<Instance> instances) {
        String[] words = line.split("\\s+");
        String verb = words[0].toLowerCase();
        if (verb.equals("status") && words.length == 1) {
            StringBuilder answer = new StringBuilder("OK");
            for (Instance instance : instances) {
                answer.append(' ').append(instance.index).append('=')
                        .append(instance.isRunning() ? "running" : "stopped").append('@').append(instance.uri());
            }
            return answer.toString();
        }
        if ((verb.equals("stop") || verb.equals("start")) && words.length == 2) {
            Instance instance;
            try {
                int k = Integer.parseInt(words[1]);
                if (k < 1 || k > instances.size()) return "ERR no instance " + words[1] + " (1.." + instances.size() + ")";
                instance = instances.get(k - 1);
            } catch (NumberFormatException e) {
                return "ERR not an instance number: " + words[1];
            }
            try {
                if (verb.equals("stop")) {
                    instance.stop();
                    return "OK stopped " + instance.index;
                }
                instance.start();
                return "OK started " + instance.index + " " + instance.uri();
            } catch (Throwable e) {
                e.printStackTrace();
                return "ERR " + verb + " " + instance.index + " failed: " + oneLine(e);
            }
        }
        return "ERR unknown command '" + line + "' (stop K | start K | status)";
    }

    static Options parseOptions(String[] args) {
        int instances = Defaults.INSTANCES;
        Path dataDir = null;
        List<Integer> ports = new ArrayList<>();
        String pageCache = Defaults.PAGE_CACHE;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + flag);
            String value = args[++i];
            switch (flag) {
                case "--instances" -> instances = Integer.parseInt(value);
                case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                case "--ports" -> {
                    for (String p : value.split(",")) ports.add(Integer.parseInt(p.trim()));
                }
                case "--page-cache" -> pageCache = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (instances < 1) throw new IllegalArgumentException("--instances must be at least 1");
        if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
        return new Options(instances, dataDir, ports, parseBytes(pageCache));
    }

    static long parseBytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'k') unit = ByteUnit.kibiBytes(1);
        else if (last == 'm') unit = ByteUnit.mebiBytes(1);
        else if (last == 'g') unit = ByteUnit.gibiBytes(1);
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    /** Ask the OS for a free port; the tiny race until Neo4j binds it is acceptable on a test box. */
    static int findFreePort() throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(Defaults.HOST), 0));
            return probe.getLocalPort();
        }
    }

    static void startDaemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Protocol lines are whole lines even when instances report from several threads. */
    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) message += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        return message.replace('\n', ' ');
    }
}
