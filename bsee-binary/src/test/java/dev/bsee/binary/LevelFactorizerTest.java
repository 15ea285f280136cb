package dev.bsee.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bsee.core.Float64Column;
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
