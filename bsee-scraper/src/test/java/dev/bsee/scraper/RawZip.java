package dev.bsee.scraper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/// Zip archives written field by field, so tests choose what `ZipOutputStream` decides for them: per
/// entry the method (stored or deflated), a data descriptor (flag bit 3) or the sizes in the local
/// header, a zip64 extra field, and then lies in the local header after the fact. The central
/// directory always tells the truth, so the file walk reads the archive as it is.
final class RawZip {

    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final long ZIP64_MARK = 0xFFFFFFFFL;

    /// One entry as it is to be written.
    record Item(String name, byte[] text, int method, boolean descriptor, boolean zip64) {
        static Item sized(String name, String text) {
            return new Item(name, text.getBytes(StandardCharsets.UTF_8), DEFLATED, false, false);
        }
    }

    /// Where an entry landed: its local header and its data.
    record Placed(Item item, int header, int data, int compressedSize, long crc) {
    }

    /// The archive and where each entry is in it.
    record Archive(byte[] bytes, List<Placed> entries) {
        ByteBuffer view() {
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        /// Sets the compressed size the local header of entry `index` declares (in its zip64 extra
        /// field when it has one).
        Archive localCompressedSize(int index, long size) {
            Placed p = entries.get(index);
            if (p.item().zip64()) {
                view().putLong(p.header() + 30 + nameLength(p) + 12, size);
            } else {
                view().putInt(p.header() + 18, (int) size);
            }
            return this;
        }

        /// Sets the uncompressed size the local header of entry `index` declares.
        Archive localSize(int index, long size) {
            Placed p = entries.get(index);
            if (p.item().zip64()) {
                view().putLong(p.header() + 30 + nameLength(p) + 4, size);
            } else {
                view().putInt(p.header() + 22, (int) size);
            }
            return this;
        }

        /// Sets the CRC-32 the local header of entry `index` declares.
        Archive localCrc(int index, long crc) {
            view().putInt(entries.get(index).header() + 14, (int) crc);
            return this;
        }

        /// The archive up to `length` bytes.
        byte[] cut(int length) {
            return java.util.Arrays.copyOf(bytes, length);
        }

        /// Where the central directory record of entry `index` starts (the end record, without a
        /// comment, ends the archive).
        int directoryRecord(int index) {
            ByteBuffer view = view();
            int end = bytes.length - 22;
            int at = view.getInt(end + 16);
            for (int i = 0; i < index; i++) {
                at += 46 + Short.toUnsignedInt(view.getShort(at + 28)) + Short.toUnsignedInt(view.getShort(at + 30))
                        + Short.toUnsignedInt(view.getShort(at + 32));
            }
            return at;
        }

        /// The same archive whose central directory leaves out the record of entry `index`: the entry
        /// is still there for a reader of the local headers, hidden from a reader of the directory.
        Archive withoutDirectoryRecord(int index) {
            int from = directoryRecord(index);
            int to = index + 1 < entries.size() ? directoryRecord(index + 1) : bytes.length - 22;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, from);
            out.write(bytes, to, bytes.length - to);
            byte[] shorter = out.toByteArray();
            ByteBuffer end = ByteBuffer.wrap(shorter).order(ByteOrder.LITTLE_ENDIAN);
            int at = shorter.length - 22;
            end.putShort(at + 8, (short) (end.getShort(at + 8) - 1)).putShort(at + 10, (short) (end.getShort(at + 10) - 1))
                    .putInt(at + 12, end.getInt(at + 12) - (to - from));
            List<Placed> kept = new ArrayList<>(entries);
            kept.remove(index);
            return new Archive(shorter, List.copyOf(kept));
        }

        /// The same archive with a comment of `length` bytes on the central directory record of entry
        /// `index`: a directory that grows beyond the last 64 KiB a stream reader keeps.
        Archive withDirectoryComment(int index, int length) {
            int at = directoryRecord(index);
            int next = index + 1 < entries.size() ? directoryRecord(index + 1) : bytes.length - 22;
            byte[] longer = inserted(next, "c".repeat(length).getBytes(StandardCharsets.US_ASCII));
            ByteBuffer view = ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN);
            view.putShort(at + 32, (short) (view.getShort(at + 32) + length));
            view.putInt(longer.length - 22 + 12, view.getInt(longer.length - 22 + 12) + length);
            return new Archive(longer, entries);
        }

        /// The same archive with `extra` added to the extra field of the central directory record of
        /// entry `index` (the local header's stays as it was).
        Archive withDirectoryExtra(int index, byte[] extra) {
            int at = directoryRecord(index);
            ByteBuffer view = view();
            int end = at + 46 + Short.toUnsignedInt(view.getShort(at + 28)) + Short.toUnsignedInt(view.getShort(at + 30));
            byte[] longer = inserted(end, extra);
            ByteBuffer changed = ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN);
            changed.putShort(at + 30, (short) (changed.getShort(at + 30) + extra.length));
            changed.putInt(longer.length - 22 + 12, changed.getInt(longer.length - 22 + 12) + extra.length);
            return new Archive(longer, entries);
        }

        /// The same archive with `junk` after the compressed data of its last entry, inside the
        /// compressed size its local header and directory record declare.
        Archive withJunkAfterLastData(byte[] junk) {
            int last = entries.size() - 1;
            Placed p = entries.get(last);
            if (p.item().zip64() || p.item().descriptor()) {
                throw new IllegalArgumentException("a plain entry last");
            }
            int dataEnd = p.data() + p.compressedSize();
            int record = directoryRecord(last) + junk.length;
            byte[] longer = inserted(dataEnd, junk);
            ByteBuffer changed = ByteBuffer.wrap(longer).order(ByteOrder.LITTLE_ENDIAN);
            changed.putInt(p.header() + 18, p.compressedSize() + junk.length);
            changed.putInt(record + 20, p.compressedSize() + junk.length);
            changed.putInt(longer.length - 22 + 16, changed.getInt(longer.length - 22 + 16) + junk.length);
            List<Placed> placed = new ArrayList<>(entries);
            placed.set(last, new Placed(p.item(), p.header(), p.data(), p.compressedSize() + junk.length, p.crc()));
            return new Archive(longer, List.copyOf(placed));
        }

        /// The archive's bytes with `more` inserted at `at`.
        private byte[] inserted(int at, byte[] more) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, at);
            out.writeBytes(more);
            out.write(bytes, at, bytes.length - at);
            return out.toByteArray();
        }

        /// The same archive ended as a zip64 archive: a zip64 end-of-central-directory record and its
        /// locator before the end record, which then marks its count, directory size and offset as
        /// held there (`0xFFFF`, `0xFFFFFFFF`), or, when `markEndRecord` is false, repeats them.
        Archive zip64End(boolean markEndRecord) {
            ByteBuffer view = view();
            int end = bytes.length - 22;
            int count = Short.toUnsignedInt(view.getShort(end + 10));
            long directoryBytes = Integer.toUnsignedLong(view.getInt(end + 12));
            long directoryOffset = Integer.toUnsignedLong(view.getInt(end + 16));
            ByteBuffer records = le(56 + 20 + 22);
            records.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(count).putLong(count).putLong(directoryBytes).putLong(directoryOffset);
            records.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
            records.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                    .putShort((short) (markEndRecord ? 0xFFFF : count)).putShort((short) (markEndRecord ? 0xFFFF : count))
                    .putInt(markEndRecord ? (int) ZIP64_MARK : (int) directoryBytes)
                    .putInt(markEndRecord ? (int) ZIP64_MARK : (int) directoryOffset).putShort((short) 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, end);
            out.writeBytes(records.array());
            return new Archive(out.toByteArray(), entries);
        }

        private static int nameLength(Placed p) {
            return p.item().name().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private RawZip() {
    }

    static Archive of(Item... items) {
        return of(List.of(items));
    }

    static Archive of(List<Item> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Placed> placed = new ArrayList<>();
        List<byte[]> central = new ArrayList<>();
        for (Item item : items) {
            byte[] name = item.name().getBytes(StandardCharsets.UTF_8);
            byte[] data = item.method() == STORED ? item.text() : deflate(item.text());
            CRC32 crc = new CRC32();
            crc.update(item.text());
            int flags = (1 << 11) | (item.descriptor() ? 1 << 3 : 0);
            int header = out.size();
            boolean inHeader = !item.descriptor();
            ByteBuffer local = le(30 + name.length + (item.zip64() ? 20 : 0));
            local.putInt(0x04034b50).putShort((short) (item.zip64() ? 45 : 20)).putShort((short) flags)
                    .putShort((short) item.method()).putShort((short) 0).putShort((short) 0x21)
                    .putInt(inHeader ? (int) crc.getValue() : 0)
                    .putInt(inHeader ? (item.zip64() ? (int) ZIP64_MARK : data.length) : 0)
                    .putInt(inHeader ? (item.zip64() ? (int) ZIP64_MARK : item.text().length) : 0)
                    .putShort((short) name.length).putShort((short) (item.zip64() ? 20 : 0)).put(name);
            if (item.zip64()) {
                local.putShort((short) 1).putShort((short) 16).putLong(inHeader ? item.text().length : 0)
                        .putLong(inHeader ? data.length : 0);
            }
            out.writeBytes(local.array());
            int dataAt = out.size();
            out.writeBytes(data);
            if (item.descriptor()) {
                ByteBuffer descriptor = le(item.zip64() ? 24 : 16).putInt(0x08074b50).putInt((int) crc.getValue());
                if (item.zip64()) {
                    descriptor.putLong(data.length).putLong(item.text().length);
                } else {
                    descriptor.putInt(data.length).putInt(item.text().length);
                }
                out.writeBytes(descriptor.array());
            }
            placed.add(new Placed(item, header, dataAt, data.length, crc.getValue()));
            ByteBuffer record = le(46 + name.length + (item.zip64() ? 20 : 0));
            record.putInt(0x02014b50).putShort((short) 45).putShort((short) (item.zip64() ? 45 : 20))
                    .putShort((short) flags).putShort((short) item.method()).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(item.zip64() ? (int) ZIP64_MARK : data.length)
                    .putInt(item.zip64() ? (int) ZIP64_MARK : item.text().length).putShort((short) name.length)
                    .putShort((short) (item.zip64() ? 20 : 0)).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt(header).put(name);
            if (item.zip64()) {
                record.putShort((short) 1).putShort((short) 16).putLong(item.text().length).putLong(data.length);
            }
            central.add(record.array());
        }
        int directory = out.size();
        central.forEach(out::writeBytes);
        ByteBuffer end = le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) items.size()).putShort((short) items.size()).putInt(out.size() - directory)
                .putInt(directory).putShort((short) 0);
        out.writeBytes(end.array());
        return new Archive(out.toByteArray(), List.copyOf(placed));
    }

    static byte[] deflate(byte[] text) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(text);
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        while (!deflater.finished()) {
            deflated.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return deflated.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
