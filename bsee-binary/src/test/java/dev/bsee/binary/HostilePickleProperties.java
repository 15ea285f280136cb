package dev.bsee.binary;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/// Fuzzing: random bytes, random opcode soup behind a valid header, and real pickles with random
/// mutations either read cleanly or end in a [PickleFormatException], within the linear memory bound
/// and without hanging ([BoundedReads]).
class HostilePickleProperties {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        try {
            return HostilePickleTest.seedPickles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 400)
    void randomBytes(@ForAll @Size(max = 3000) byte[] input) {
        BoundedReads.read(input);
    }

    @Property(tries = 400)
    void randomOpcodesAfterAValidHeader(@ForAll("opcodeSoup") byte[] input) {
        BoundedReads.read(input);
    }

    @Property(tries = 600)
    void mutatedRealPickles(@ForAll("mutatedPickles") byte[] input) {
        Statistics.collect(BoundedReads.read(input).isPresent() ? "read" : "refused");
    }

    /// Bytes drawn mostly from opcodes and small operands, so the machine gets past the first byte.
    @Provide
    Arbitrary<byte[]> opcodeSoup() {
        List<Integer> opcodes = new ArrayList<>();
        "(.012JKMNRXabcd}ehjl]qrst)uGBC".chars().forEach(opcodes::add);
        opcodes.addAll(List.of(0x80, 0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x92, 0x93, 0x94,
                0x95, 0x96, 0, 1, 2, 3, 4, 0xff));
        Arbitrary<Integer> opcode = Arbitraries.of(opcodes);
        return opcode.list().ofMaxSize(400).map(values -> {
            byte[] bytes = new byte[values.size() + 2];
            bytes[0] = (byte) 0x80;
            bytes[1] = 4;
            for (int i = 0; i < values.size(); i++) {
                bytes[i + 2] = (byte) (int) values.get(i);
            }
            return bytes;
        });
    }

    record Mutation(int kind, double where, int value, int length) {
    }

    @Provide
    Arbitrary<byte[]> mutatedPickles() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 5),
                        Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 64))
                .as(Mutation::new);
        return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1), mutation.list().ofMinSize(1).ofMaxSize(6))
                .as((seed, mutations) -> {
                    byte[] bytes = SEEDS.get(seed).clone();
                    for (Mutation m : mutations) {
                        bytes = apply(bytes, m);
                    }
                    return bytes;
                });
    }

    /// Flip a bit, set a byte to an extreme, insert or delete a run, duplicate a run, or truncate.
    private static byte[] apply(byte[] bytes, Mutation m) {
        if (bytes.length == 0) {
            return new byte[] {(byte) m.value()};
        }
        int at = (int) (m.where() * (bytes.length - 1));
        int run = Math.min(m.length(), bytes.length - at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (m.kind()) {
            case 0 -> {
                bytes[at] ^= (byte) (1 << (m.value() % 8));
                return bytes;
            }
            case 1 -> {
                bytes[at] = (byte) (m.value() % 2 == 0 ? 0xff : m.value() % 3 == 0 ? 0x7f : 0);
                return bytes;
            }
            case 2 -> {
                out.write(bytes, 0, at);
                for (int i = 0; i < m.length(); i++) {
                    out.write(m.value());
                }
                out.write(bytes, at, bytes.length - at);
            }
            case 3 -> {
                out.write(bytes, 0, at);
                out.write(bytes, at + run, bytes.length - at - run);
            }
            case 4 -> {
                out.write(bytes, 0, at + run);
                out.write(bytes, at, bytes.length - at);
            }
            default -> out.write(bytes, 0, at);
        }
        return out.toByteArray();
    }
}
