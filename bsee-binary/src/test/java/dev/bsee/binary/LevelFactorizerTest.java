package dev.bsee.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bsee.core.BoolColumn;
import dev.bsee.core.BufferAllocator;
import dev.bsee.core.Float64Column;
import dev.bsee.core.ObjectColumn;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LevelFactorizerTest {

    /// pandas' hash tables take -0.0 and 0.0 as one label and keep the one seen first: a level of
    /// `-0.0` stays `-0.0` (`read_csv` of `a\n-0.0,x,1` has it in its two-level index).
    @Test
    void aZeroLevelKeepsTheSignOfTheFirstZeroSeen() {
        LevelFactorizer.Level negativeFirst = LevelFactorizer.factorize(Float64Column.of(-0.0, 1.5, 0.0));
        LevelFactorizer.Level positiveFirst = LevelFactorizer.factorize(Float64Column.of(0.0, -0.0));

        Float64Column levels = (Float64Column) negativeFirst.uniques();
        assertThat(levels.size()).isEqualTo(2);
        assertThat(Double.doubleToRawLongBits(levels.get(0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(levels.get(1)).isEqualTo(1.5);
        assertThat(codes(negativeFirst, 3)).containsExactly(0, 1, 0);
        Float64Column positive = (Float64Column) positiveFirst.uniques();
        assertThat(positive.size()).isOne();
        assertThat(Double.doubleToRawLongBits(positive.get(0))).isZero();
        assertThat(codes(positiveFirst, 2)).containsExactly(0, 0);
    }

    /// `read_csv` of `x\nTrue,a,1\n,b,2\nFalse,c,3\n` has a first level of dtype bool,
    /// `[False, True]`, the missing label coded -1: `MultiIndex.from_arrays` infers the uniques' dtype.
    @Test
    void boolLabelsWithMissingOnesMakeABoolLevel() {
        ObjectColumn labels = ObjectColumn.builder(BufferAllocator.heap())
                .add(true).addMissing().add(false).add(true).build();
        LevelFactorizer.Level level = LevelFactorizer.factorize(labels);
        LevelFactorizer.Level onlyTrue = LevelFactorizer.factorize(
                ObjectColumn.builder(BufferAllocator.heap()).addMissing().add(true).build());

        assertThat(level.uniques()).isEqualTo(BoolColumn.of(false, true));
        assertThat(codes(level, 4)).containsExactly(1, -1, 0, 1);
        assertThat(onlyTrue.uniques()).isEqualTo(BoolColumn.of(true));
        assertThat(codes(onlyTrue, 2)).containsExactly(-1, 0);
    }

    private static int[] codes(LevelFactorizer.Level level, int rows) {
        int[] codes = new int[rows];
        var buffer = level.codes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int width = buffer.remaining() / rows;
        for (int row = 0; row < rows; row++) {
            codes[row] = width == 1 ? buffer.get(row) : width == 2 ? buffer.getShort(row * 2) : buffer.getInt(row * 4);
        }
        return codes;
    }
}
