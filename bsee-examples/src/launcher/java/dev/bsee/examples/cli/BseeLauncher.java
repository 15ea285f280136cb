package dev.bsee.examples.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The jar's entry point (`Main-Class`), compiled for Java 8 so that any `java` can start it.
///
/// On Java 21 or newer it runs the tool ([BseeCommand#main]). On an older Java, which would refuse
/// the tool's classes with a `LinkageError`, it runs the same command line with the same JVM options
/// under a JDK 21 or newer, chosen as `bin/bsee` chooses one (`JAVA_HOME`, else the newest under
/// `/usr/lib/jvm` or macOS's `/Library/Java/JavaVirtualMachines`), and exits with its exit code; where
/// there is none, it says in one line which Java it needs and which it was given.
public final class BseeLauncher {

    static final int REQUIRED_FEATURE = 21;

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private BseeLauncher() {
    }

    /// Runs the tool, on this JVM or on a newer one.
    ///
    /// @param args the command line
    /// @throws Throwable what the tool throws (it exits itself)
    public static void main(String[] args) throws Throwable {
        String passed = passedArguments();
        if (args.length == 1 && args[0].equals(ARGUMENTS_FROM_ENVIRONMENT) && passed != null) {
            // Started by a launcher below, which could not pass these on as they are.
            String[] given = unhex(passed);
            if (given == null) {
                fail(args, ARGUMENTS_VARIABLE + " does not hold arguments as the launcher writes them", 2);
                System.exit(2);
            }
            args = given;
        }
        // Under the C locale the JVM decodes a non-ASCII argument as '?' (before Java 18) or U+FFFD,
        // and can name no such file: `convert ünï.zip` said "no such file: ??n??.zip". The arguments as
        // the shell gave them go to another JVM in the environment, hex-coded, with a UTF-8 locale
        // to use them, as bin/bsee runs the tool under the C locale.
        // A JVM this launcher started under a UTF-8 locale (its arguments in the environment) does
        // not start another: where the system lacks that locale it would do so without end.
        boolean relaunched = passed != null;
        List<String> original = relaunched || isUtf8(System.getProperty("sun.jnu.encoding")) ? null
                : originalArguments(args.length);
        if (original == UNDECODABLE) {
            // Bytes that are no UTF-8 text: no locale the tool can run under names such a file.
            fail(args, "an argument is not UTF-8 text, which the locale's character set for file names ("
                    + System.getProperty("sun.jnu.encoding") + ") cannot hold either: give it in UTF-8, under a"
                    + " UTF-8 locale (LC_ALL=C.UTF-8)", 2);
            System.exit(2);
        }
        // The current folder's name is decoded as the arguments are: under the C locale each non-ASCII
        // byte of `données` is U+FFFD to the JVM, and the tool refused to run there, naming the
        // remedy (a UTF-8 locale), which this JVM can take itself as for an argument. The other JVM
        // starts in the same folder and reads its name in UTF-8.
        if (original != null && original.equals(Arrays.asList(args))
                && !mangledFolderName(System.getProperty("user.dir", ""))) {
            original = null;
        }
        if (feature(System.getProperty("java.specification.version")) >= REQUIRED_FEATURE) {
            File jar = jar();
            if (original != null && jar != null) {
                File java = new File(new File(System.getProperty("java.home"), "bin"), "java");
                System.exit(run(java, jar, args, original, "to use the arguments as given, under a UTF-8 locale"));
            }
            // Looked up, not linked: this class must load where the tool's classes cannot.
            MethodHandle main = MethodHandles.lookup().findStatic(Class.forName("dev.bsee.examples.cli.BseeCommand"),
                    "main", MethodType.methodType(void.class, String[].class));
            main.invokeExact(args);
            return;
        }
        System.exit(runOnNewerJdk(args, original));
    }

    private static int runOnNewerJdk(String[] args, List<String> original) {
        String given = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")";
        File jar = jar();
        File java = jar == null ? null : newestJdk(System.getenv("JAVA_HOME"), candidateHomes());
        if (jar == null || java == null) {
            fail(args, "needs Java " + REQUIRED_FEATURE + " or newer, and this is " + given
                    + (jar == null ? "" : "; no JDK " + REQUIRED_FEATURE + "+ in JAVA_HOME or "
                    + String.join(" or ", SEARCHED)) + ": install one, or set JAVA_HOME to one", 1);
            return 1;
        }
        return run(java, jar, args, original, "needs Java " + REQUIRED_FEATURE + " or newer, and this is " + given);
    }

    /// Runs the tool's `args` with `java` and this JVM's options, and returns its exit code; the
    /// arguments as given in the environment when `original` holds them.
    ///
    /// @param why why another JVM runs the tool, for the line said when it cannot be started
    private static int run(File java, File jar, String[] args, List<String> original, String why) {
        List<String> command = new ArrayList<String>();
        command.add(java.getPath());
        command.addAll(jvmOptions());
        // The other JVM stops when this one is gone, killed with -9 (which runs no shutdown hook).
        String pid = ownPid();
        if (pid != null) {
            command.add("-Dbsee.parent.pid=" + pid);
        }
        command.add("-jar");
        command.add(jar.getPath());
        if (original != null) {
            command.add(ARGUMENTS_FROM_ENVIRONMENT);
        } else {
            command.addAll(Arrays.asList(args));
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // The other JVM gets this one's options on its command line, those of JAVA_TOOL_OPTIONS,
            // _JAVA_OPTIONS and JDK_JAVA_OPTIONS among them: taken again from the environment, they
            // applied twice (an agent they name was loaded twice) and the JVM announced them a second
            // time. A `java` of Java 8 does not read JDK_JAVA_OPTIONS, so there it stays for the other JVM.
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            if (feature(System.getProperty("java.specification.version")) >= 9) {
                builder.environment().remove("JDK_JAVA_OPTIONS");
            }
            if (original != null) {
                builder.environment().put("LC_ALL", "C.UTF-8");
                putArguments(builder.environment(), hex(original));
            }
            final Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                @Override
                public void run() {
                    child.destroy();
                }
            }));
            return child.waitFor();
        } catch (IOException e) {
            fail(args, why + "; could not start " + java + ": " + e.getMessage(), 1);
            return 1;
        } catch (InterruptedException e) {
            return 130;
        }
    }

    /// Says `message` on standard error after `bsee: ` and, when the command line asks `refresh` or
    /// `status` for `--json`, also as the tool's JSON failure document on standard output: a program
    /// that reads that output gets a document where the tool itself could not start, as where it
    /// failed later (an older `java` with no JDK 21+ to run the tool left standard output empty).
    ///
    /// @param args the command line
    /// @param message the failure
    /// @param exitCode the exit code the launcher exits with
    static void fail(String[] args, String message, int exitCode) {
        System.err.println("bsee: " + message);
        if (wantsJson(args)) {
            System.out.print(jsonFailure(message, exitCode));
            System.out.flush();
        }
    }

    /// Whether `args` run `refresh` or `status`, the commands that print JSON, with `--json` (or
    /// `--json=true`) among its options (before a `--`). The command is the first argument that is no option: the tool's
    /// own options (`-v`) take no value.
    static boolean wantsJson(String[] args) {
        String command = null;
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (command == null) {
                if (!arg.startsWith("-")) {
                    command = arg;
                }
            } else if (arg.equals("--json") || arg.startsWith("--json=") && arg.substring(7).equalsIgnoreCase("true")) {
                // `--json=true` is `--json` to the tool; `--json=false` asks for no JSON.
                return command.equals("refresh") || command.equals("status");
            }
        }
        return false;
    }

    /// `{"error": message, "exit_code": exitCode}`, laid out as the tool lays out its own
    /// (`JsonFailure`), which this class cannot use: it runs on Java 8, without the tool's libraries.
    static String jsonFailure(String message, int exitCode) {
        StringBuilder json = new StringBuilder("{\n  \"error\" : \"");
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            switch (c) {
                case '"': json.append("\\\""); break;
                case '\\': json.append("\\\\"); break;
                case '\n': json.append("\\n"); break;
                case '\r': json.append("\\r"); break;
                case '\t': json.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        return json.append("\",\n  \"exit_code\" : ").append(exitCode).append("\n}\n").toString();
    }

    /// This process's id, from the runtime's name (`pid@host` on HotSpot), or null.
    private static String ownPid() {
        try {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            String pid = name.substring(0, Math.max(0, name.indexOf('@')));
            return pid.matches("[0-9]+") ? pid : null;
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /// The argument the newer JVM is given in place of the command line when the command line is in
    /// [#ARGUMENTS_VARIABLE].
    static final String ARGUMENTS_FROM_ENVIRONMENT = "--bsee-arguments-from-environment";
    /// The command line, each argument's UTF-8 bytes in hex, separated by commas: ASCII, which any
    /// locale passes unchanged.
    static final String ARGUMENTS_VARIABLE = "BSEE_ARGUMENTS_HEX";

    private static boolean isUtf8(String charset) {
        return charset != null && (charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("UTF8"));
    }

    /// The last `count` arguments of this process's command line as the shell gave them (Linux's
    /// `/proc/self/cmdline`), decoded as UTF-8; null where that cannot be read, and [#UNDECODABLE]
    /// where one of them is not UTF-8 text (the JVM's own options may be anything).
    static List<String> originalArguments(int count) {
        byte[] line;
        try {
            line = Files.readAllBytes(new File("/proc/self/cmdline").toPath());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<int[]> fields = new ArrayList<int[]>();
        int start = 0;
        for (int i = 0; i < line.length; i++) {
            if (line[i] == 0) {
                fields.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (fields.size() < count) {
            return null;
        }
        List<String> arguments = new ArrayList<String>();
        for (int[] field : fields.subList(fields.size() - count, fields.size())) {
            try {
                arguments.add(StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(line, field[0], field[1] - field[0])).toString());
            } catch (java.nio.charset.CharacterCodingException notUtf8) {
                return UNDECODABLE;
            }
        }
        return arguments;
    }

    /// Whether a folder name as this JVM decoded it holds characters the locale could not: U+FFFD,
    /// or before Java 18 a `?`.
    static boolean mangledFolderName(String name) {
        return name.indexOf('\uFFFD') >= 0
                || name.indexOf('?') >= 0 && feature(System.getProperty("java.specification.version")) < 18;
    }

    /// What [#originalArguments] gives for an argument that is not UTF-8 text.
    static final List<String> UNDECODABLE = java.util.Collections.unmodifiableList(new ArrayList<String>());

    /// The most hex characters one environment variable holds: Linux refuses a variable over 128 KiB.
    private static final int PART_CHARACTERS = 100000;

    /// The hex-coded arguments, which may take several variables (`BSEE_ARGUMENTS_HEX`, then
    /// `BSEE_ARGUMENTS_HEX_1`, `_2`, ...), or null.
    private static String passedArguments() {
        String first = System.getenv(ARGUMENTS_VARIABLE);
        if (first == null) {
            return null;
        }
        StringBuilder all = new StringBuilder(first);
        for (int part = 1; System.getenv(ARGUMENTS_VARIABLE + "_" + part) != null; part++) {
            all.append(System.getenv(ARGUMENTS_VARIABLE + "_" + part));
        }
        return all.toString();
    }

    /// Puts `hex` into the environment in parts of at most [#PART_CHARACTERS].
    private static void putArguments(java.util.Map<String, String> environment, String hex) {
        for (int part = 0, at = 0; at < hex.length() || part == 0; part++, at += PART_CHARACTERS) {
            environment.put(part == 0 ? ARGUMENTS_VARIABLE : ARGUMENTS_VARIABLE + "_" + part,
                    hex.substring(at, Math.min(hex.length(), at + PART_CHARACTERS)));
        }
    }

    /// `arguments` as [#ARGUMENTS_VARIABLE] holds them.
    static String hex(List<String> arguments) {
        StringBuilder text = new StringBuilder();
        for (String argument : arguments) {
            if (text.length() > 0) {
                text.append(',');
            }
            for (byte b : argument.getBytes(StandardCharsets.UTF_8)) {
                text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return text.toString();
    }

    /// The command line [#hex] wrote: each comma-separated field's bytes as UTF-8 text; null when
    /// `text` is not what it writes.
    static String[] unhex(String text) {
        if (text.isEmpty()) {
            return new String[0];
        }
        String[] fields = text.split(",", -1);
        String[] arguments = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].length() % 2 != 0) {
                return null;
            }
            byte[] bytes = new byte[fields[i].length() / 2];
            for (int j = 0; j < bytes.length; j++) {
                int high = Character.digit(fields[i].charAt(2 * j), 16);
                int low = Character.digit(fields[i].charAt(2 * j + 1), 16);
                if (high < 0 || low < 0 || (high | low) == 0) {
                    // Not hex, or a NUL byte, which no argument holds.
                    return null;
                }
                bytes[j] = (byte) (high << 4 | low);
            }
            arguments[i] = new String(bytes, StandardCharsets.UTF_8);
        }
        return arguments;
    }

    /// This JVM's options (`-Xmx1g`, `-D...`), for the newer one; none where the runtime lacks
    /// `java.management` (a trimmed runtime image).
    private static List<String> jvmOptions() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (LinkageError e) {
            return new ArrayList<String>();
        }
    }

    private static final List<String> SEARCHED = Arrays.asList("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines");

    /// The JDK folders to look in besides `JAVA_HOME`.
    private static List<File> candidateHomes() {
        List<File> homes = new ArrayList<File>();
        for (String folder : SEARCHED) {
            File[] children = new File(folder).listFiles();
            if (children != null) {
                for (File child : children) {
                    File macHome = new File(child, "Contents/Home");
                    homes.add(macHome.isDirectory() ? macHome : child);
                }
            }
        }
        return homes;
    }

    /// The `java` of `javaHome` when it is a JDK 21 or newer, else of the newest such JDK among
    /// `homes` (of two of the same version, the later name), else `null`.
    ///
    /// @param javaHome the `JAVA_HOME` setting, or `null`
    /// @param homes the other JDK folders
    /// @return the `java` program, or `null`
    static File newestJdk(String javaHome, List<File> homes) {
        if (javaHome != null && !javaHome.isEmpty() && feature(new File(javaHome)) >= REQUIRED_FEATURE) {
            return java(new File(javaHome));
        }
        File best = null;
        int bestFeature = REQUIRED_FEATURE - 1;
        for (File home : homes) {
            int feature = feature(home);
            if (feature > bestFeature || feature == bestFeature && best != null && feature >= REQUIRED_FEATURE
                    && home.getName().compareTo(best.getName()) > 0) {
                best = home;
                bestFeature = feature;
            }
        }
        return best == null ? null : java(best);
    }

    /// The feature version of the JDK at `home` from its `release` file, 0 when it has no `java` or
    /// no readable version.
    private static int feature(File home) {
        if (java(home) == null) {
            return 0;
        }
        File release = new File(home, "release");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(release.toPath()),
                StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                Matcher matcher = JAVA_VERSION.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static File java(File home) {
        for (String name : new String[] {"java", "java.exe"}) {
            File java = new File(new File(home, "bin"), name);
            if (java.isFile() && java.canExecute()) {
                return java;
            }
        }
        return null;
    }

    /// The feature version of a `java.specification.version`: 8 for `1.8`, 17 for `17`.
    ///
    /// @param specification the property's value
    /// @return the feature version, 0 when it is not a number
    static int feature(String specification) {
        String number = specification.startsWith("1.") ? specification.substring(2) : specification;
        int dot = number.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? number : number.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /// The jar this class was started from, or `null` when it was not started from a jar.
    private static File jar() {
        try {
            File file = new File(BseeLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return file.isFile() ? file : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
