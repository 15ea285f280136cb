package dev.bsee.binary;

import java.util.AbstractList;
import java.util.List;

/// Column names that count how often a name is read, for tests that bound the work a lookup does
/// by the table's width rather than time it.
public final class CountedNames extends AbstractList<String> {
    private final List<String> names;
    private long reads;

    /// @param names the names read through this list
    public CountedNames(List<String> names) {
        this.names = names;
    }

    /// @return how many names were read so far
    public long reads() {
        return reads;
    }

    @Override
    public String get(int index) {
        reads++;
        return names.get(index);
    }

    @Override
    public int size() {
        return names.size();
    }
}
