package dev.bsee.core.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplacementTest {

    @TempDir
    Path base;

    /// Renames as the product does, failing the `failAt`-th call (counting from 0) and, when
    /// `undoFails`, every call after it.
    private static Replacement.Mover failing(int failAt, boolean undoFails) {
        int[] calls = {0};
        return (from, to) -> {
            int call = calls[0]++;
            if (call == failAt || (undoFails && call > failAt)) {
                throw new IOException("injected failure moving " + from.getFileName());
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        };
    }

    private record Setup(Path folder, Path staged, List<Replacement.Move> moves) {
    }

    /// `count` staged files new-0.bin... for the folder, where the files of `existing` (bit i: file i)
    /// already hold an old version, and one file the replacement does not touch.
    private static Setup setup(Path base, int count, int existing) throws IOException {
        Path folder = Files.createDirectories(base.resolve("out"));
        Path staged = Files.createDirectories(base.resolve("staged"));
        Files.writeString(folder.resolve("untouched.bin"), "mine");
        List<Replacement.Move> moves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path from = Files.writeString(staged.resolve(i + ".bin"), "new " + i);
            Path to = folder.resolve(i + ".bin");
            if ((existing & (1 << i)) != 0) {
                Files.writeString(to, "old " + i);
            }
            moves.add(new Replacement.Move(from, to));
        }
        return new Setup(folder, staged, moves);
    }

    private static Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }

    /// A guard that refuses from its `refuseFrom`-th check on stops the moves there: before the first
    /// move nothing has moved and the second names are gone; after it, the files moved stay, nothing
    /// is put back through paths that may lead elsewhere, and [Replacement.Incomplete] says so.
    @Test
    void aStepTheGuardRefusesStopsTheMovesWhereTheyAre() throws IOException {
        for (int refuseFrom : new int[] {0, 3, 4}) {
            Path at = Files.createDirectories(base.resolve("guard-" + refuseFrom));
            Setup setup = setup(at, 3, 0b111);
            Map<String, String> before = snapshot(setup.folder());
            Path previous = at.resolve("previous");
            int[] checks = {0};
            Replacement.Guard guard = () -> {
                if (checks[0]++ >= refuseFrom) {
                    throw new IOException("refusing to go on: swapped");
                }
            };
            Throwable thrown = catchThrowable(() -> Replacement.moveAll(setup.moves(), previous, moved -> { }, guard));
            // Checks: one per file before its second name (3), then one before each move.
            if (refuseFrom <= 3) {
                assertThat(thrown).as("refused at %d", refuseFrom).isNotInstanceOf(Replacement.Incomplete.class)
                        .hasMessage("refusing to go on: swapped");
                assertThat(snapshot(setup.folder())).isEqualTo(before);
                assertThat(previous).doesNotExist();
            } else {
                assertThat(thrown).isInstanceOf(Replacement.Incomplete.class)
                        .hasMessageStartingWith("refusing to go on: swapped; the 1 file moved before it stay where they are");
                assertThat(Files.readString(setup.folder().resolve("0.bin"))).isEqualTo("new 0");
                assertThat(Files.readString(setup.folder().resolve("1.bin"))).isEqualTo("old 1");
                assertThat(previous.resolve("0-0.bin")).hasContent("old 0");
            }
        }
    }

    @Test
    void everyFileIsReplacedAndTheSecondNamesAreGone() throws IOException {
        Setup setup = setup(base, 3, 0b101);
        Path previous = base.resolve("previous");

        Replacement.moveAll(setup.moves(), previous);

        assertThat(snapshot(setup.folder())).containsExactlyInAnyOrderEntriesOf(Map.of("0.bin", "new 0", "1.bin", "new 1",
                "2.bin", "new 2", "untouched.bin", "mine"));
        assertThat(setup.staged()).isEmptyDirectory();
        assertThat(previous).doesNotExist();
    }

    @Test
    void aMoveFailingPartWayPutsBackTheFilesMovedBeforeIt() throws IOException {
        Setup setup = setup(base, 4, 0b0101);
        Map<String, String> before = snapshot(setup.folder());
        Path previous = base.resolve("previous");

        assertThatThrownBy(() -> Replacement.moveAll(setup.moves(), previous, moved -> { }, failing(2, false)))
                .isNotInstanceOf(Replacement.Incomplete.class)
                .hasMessage("cannot move 2.bin to " + setup.folder().resolve("2.bin") + ": injected failure moving 2.bin;"
                        + " the 2 files moved before it were put back");

        assertThat(snapshot(setup.folder())).isEqualTo(before);
        // 1.bin replaced nothing: it went back where it came from, beside the two never moved.
        assertThat(snapshot(setup.staged())).containsOnlyKeys("1.bin", "2.bin", "3.bin");
        assertThat(previous).doesNotExist();
    }

    @Test
    void whenPuttingBackFailsTooThePreviousVersionsAreKeptAndNamed() throws IOException {
        Setup setup = setup(base, 3, 0b011);
        Path previous = base.resolve("previous");

        assertThatThrownBy(() -> Replacement.moveAll(setup.moves(), previous, moved -> { }, failing(2, true)))
                .isInstanceOfSatisfying(Replacement.Incomplete.class, e -> assertThat(e.kept()).isEqualTo(previous))
                .hasMessageContaining("cannot move 2.bin")
                .hasMessageContaining("putting back the 2 files moved before it failed for 1.bin, 0.bin, which are new:"
                        + " their previous versions are in " + previous);

        assertThat(snapshot(setup.folder())).containsEntry("0.bin", "new 0").containsEntry("1.bin", "new 1");
        assertThat(snapshot(previous).values()).containsExactlyInAnyOrder("old 0", "old 1");
    }

    @Test
    void aFailureOfTheCallersProgressUndoesTheMovesAndIsThrownAsItWas() throws IOException {
        Setup setup = setup(base, 3, 0b111);
        Map<String, String> before = snapshot(setup.folder());
        IOException stop = new IOException("stopped after two");

        assertThatThrownBy(() -> Replacement.moveAll(setup.moves(), base.resolve("previous"), moved -> {
            if (moved == 2) {
                throw stop;
            }
        })).isSameAs(stop);

        assertThat(snapshot(setup.folder())).isEqualTo(before);
        assertThat(base.resolve("previous")).doesNotExist();
    }

    @Test
    void aFailureOfTheFirstMoveChangesNothing() throws IOException {
        Setup setup = setup(base, 2, 0b11);
        Map<String, String> before = snapshot(setup.folder());

        assertThatThrownBy(() -> Replacement.moveAll(setup.moves(), base.resolve("previous"), moved -> { }, failing(0, true)))
                .hasMessage("cannot move 0.bin to " + setup.folder().resolve("0.bin") + ": injected failure moving 0.bin");

        assertThat(snapshot(setup.folder())).isEqualTo(before);
        assertThat(base.resolve("previous")).doesNotExist();
    }

    /// Whichever files exist before and whichever move fails, the folder ends as it was (undone) or
    /// wholly new (no failure).
    @Property(tries = 60)
    void theFolderEndsAllOldOrAllNew(@ForAll @IntRange(min = 1, max = 7) int count,
                                     @ForAll @IntRange(min = 0, max = 127) int existing,
                                     @ForAll @IntRange(min = 0, max = 8) int failAt) throws IOException {
        Path root = Files.createTempDirectory("replacement");
        try {
            Setup setup = setup(root, count, existing);
            Map<String, String> before = snapshot(setup.folder());
            Path previous = root.resolve("previous");
            boolean fails = failAt < count;
            try {
                Replacement.moveAll(setup.moves(), previous, moved -> { }, failing(failAt, false));
                assertThat(fails).as("no move was made to fail").isFalse();
                Map<String, String> after = new TreeMap<>(Map.of("untouched.bin", "mine"));
                for (int i = 0; i < count; i++) {
                    after.put(i + ".bin", "new " + i);
                }
                assertThat(snapshot(setup.folder())).isEqualTo(after);
            } catch (IOException e) {
                assertThat(fails).as("moveAll failed: " + e.getMessage()).isTrue();
                assertThat(e).isNotInstanceOf(Replacement.Incomplete.class);
                assertThat(snapshot(setup.folder())).isEqualTo(before);
            }
            assertThat(previous).doesNotExist();
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
