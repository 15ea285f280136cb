package dev.bsee.bridge.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/// A child JVM whose commit stops at a stage: `CommitStop halt|exit STAGE MAIN-CLASS ARGS...` sets
/// [OutputFolder#faults] to stop the process when a commit reaches `STAGE` (an [OutputFolder.Stage]
/// name), then runs `MAIN-CLASS` with `ARGS`. The kill tests of the bridge and of the CLI start their
/// child this way, so that the library itself reads no test switch.
///
/// - `halt`: [Runtime#halt] with [#HALTED], as `kill -9` (no shutdown hook runs).
/// - `exit`: [System#exit] with [#EXITED] on a thread of its own while the commit goes on for half a
///   second, as a SIGTERM does (the JVM's shutdown hooks run beside the commit).
public final class CommitStop {

    /// The exit status of a process halted at its stage.
    public static final int HALTED = 86;

    /// The exit status of a process stopped at its stage, a SIGTERM's.
    public static final int EXITED = 143;

    private CommitStop() {
    }

    public static void main(String[] args) throws Throwable {
        String how = args[0];
        OutputFolder.Stage at = OutputFolder.Stage.valueOf(args[1]);
        OutputFolder.faults = switch (how) {
            case "halt" -> stage -> {
                if (stage == at) {
                    Runtime.getRuntime().halt(HALTED);
                }
            };
            case "exit" -> stage -> {
                if (stage == at) {
                    Thread.ofPlatform().start(() -> System.exit(EXITED));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            default -> throw new IllegalArgumentException("halt or exit, not " + how);
        };
        Class<?> main = Class.forName(args[2]);
        MethodHandles.publicLookup().findStatic(main, "main", MethodType.methodType(void.class, String[].class))
                .invokeExact(Arrays.copyOfRange(args, 3, args.length));
    }
}
