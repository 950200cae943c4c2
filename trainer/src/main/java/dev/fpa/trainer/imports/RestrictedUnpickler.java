package dev.fpa.trainer.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Python pickles into plain Java values, calling nothing but the globals of an explicit allow-list.
 *
 * <p>Python's own unpickler imports and calls whatever a file names, which is how a malicious checkpoint runs code.
 * This one looks every GLOBAL / STACK_GLOBAL name up in the allow-list it is given and refuses any other name as soon
 * as it is read, before anything could be called; the allowed callables are Java code, so nothing from the file is
 * ever executed. Written by hand because no Java library reads pickles this safely without a Python runtime.
 *
 * <p>Python values become: dict → {@link LinkedHashMap} (insertion order), list → {@link ArrayList}, tuple →
 * unmodifiable {@link List}, set → {@link LinkedHashSet}, int → {@link Long} ({@link BigInteger} beyond 64 bits),
 * float → {@link Double}, str → {@link String}, bytes → {@code byte[]}, None → {@code null}, bool →
 * {@link Boolean}. It implements the opcodes a state dict needs, from protocols 0 to 4.
 *
 * <p>A hostile pickle needs no code to do harm: a few bytes can make a reader loop, recurse or allocate without end.
 * So every resource a pickle can claim is capped far above what a checkpoint uses (the official ones hold a few
 * thousand values in under a megabyte of pickle), and exceeding a cap is an error naming it and the byte offset.
 * Memo references share the object rather than copy it, so a value is never built twice.
 */
final class RestrictedUnpickler {

    /** An allowed global that REDUCE or NEWOBJ may call with the unpickled argument tuple. */
    @FunctionalInterface
    interface PickleCallable {
        Object call(List<Object> args) throws IOException;
    }

    /** Resolves a persistent id (BINPERSID) to the object it stands for. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object pid) throws IOException;
    }

    private static final int MARK = '(';
    private static final int STOP = '.';
    private static final int POP = '0';
    private static final int POP_MARK = '1';
    private static final int DUP = '2';
    private static final int FLOAT = 'F';
    private static final int INT = 'I';
    private static final int BININT = 'J';
    private static final int BININT1 = 'K';
    private static final int LONG = 'L';
    private static final int BININT2 = 'M';
    private static final int NONE = 'N';
    private static final int BINPERSID = 'Q';
    private static final int REDUCE = 'R';
    private static final int BINSTRING = 'T';
    private static final int SHORT_BINSTRING = 'U';
    private static final int UNICODE = 'V';
    private static final int BINUNICODE = 'X';
    private static final int APPEND = 'a';
    private static final int BUILD = 'b';
    private static final int GLOBAL = 'c';
    private static final int DICT = 'd';
    private static final int EMPTY_DICT = '}';
    private static final int APPENDS = 'e';
    private static final int GET = 'g';
    private static final int BINGET = 'h';
    private static final int LONG_BINGET = 'j';
    private static final int LIST = 'l';
    private static final int EMPTY_LIST = ']';
    private static final int PUT = 'p';
    private static final int BINPUT = 'q';
    private static final int LONG_BINPUT = 'r';
    private static final int SETITEM = 's';
    private static final int TUPLE = 't';
    private static final int EMPTY_TUPLE = ')';
    private static final int SETITEMS = 'u';
    private static final int BINFLOAT = 'G';
    private static final int PROTO = 0x80;
    private static final int NEWOBJ = 0x81;
    private static final int TUPLE1 = 0x85;
    private static final int TUPLE2 = 0x86;
    private static final int TUPLE3 = 0x87;
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int LONG1 = 0x8a;
    private static final int LONG4 = 0x8b;
    private static final int BINBYTES = 'B';
    private static final int SHORT_BINBYTES = 'C';
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int BINUNICODE8 = 0x8d;
    private static final int EMPTY_SET = 0x8f;
    private static final int ADDITEMS = 0x90;
    private static final int STACK_GLOBAL = 0x93;
    private static final int MEMOIZE = 0x94;
    private static final int FRAME = 0x95;
    private static final int HIGHEST_PROTOCOL = 5;

    /** Bytes of all the pickles of one stream, strings and byte values included. */
    static final long MAX_PICKLE_BYTES = 64L << 20;
    /** Bytes of one line of a protocol 0 text opcode (INT, LONG, FLOAT, UNICODE, GLOBAL, PUT, GET). */
    static final int MAX_LINE_BYTES = 64 << 10;
    /** MARKs open at once, that is the nesting of containers built from marked items. */
    static final int MAX_MARKS = 1000;
    /** Memo entries of one pickle. */
    static final int MAX_MEMO_ENTRIES = 1_000_000;
    /** Values pushed on the stack by all the pickles of one stream: each is an object or a slot in a container. */
    static final long MAX_VALUES = 2_000_000;
    /** Decimal digits of a text integer: Python's own default limit, which also keeps parsing linear in practice. */
    static final int MAX_INT_DIGITS = 4300;
    /** Bytes of a binary integer (LONG4), about as large as {@link #MAX_INT_DIGITS} digits. */
    static final int MAX_INT_BYTES = 2048;
    /** Items of a tuple used as a dict key or set item: it is hashed on every use, which costs its length. */
    static final int MAX_KEY_TUPLE_ITEMS = 64;

    private final InputStream in;
    private final String source;
    private final Map<String, Object> allowedGlobals;
    private final PersistentLoader persistentLoader;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long position;
    private long opcodeStart;
    private long values;

    /**
     * @param in read only up to the end of each pickle, so that other data may follow one (legacy storages do)
     * @param source names the stream in error messages
     * @param allowedGlobals "module.name" to a {@link PickleCallable}, or to a value that the global stands for
     * @param persistentLoader resolves the persistent ids of BINPERSID
     */
    RestrictedUnpickler(InputStream in, String source, Map<String, Object> allowedGlobals,
            PersistentLoader persistentLoader) {
        this.in = in;
        this.source = source;
        this.allowedGlobals = allowedGlobals;
        this.persistentLoader = persistentLoader;
    }

    /** Reads the next pickle from the stream; several pickles may follow one another. */
    Object load() throws IOException {
        stack.clear();
        marks.clear();
        memo.clear();
        while (true) {
            opcodeStart = position;
            int opcode = readByte();
            if (opcode == STOP) {
                return pop();
            }
            execute(opcode);
        }
    }

    /** True for the Java form of a Python tuple (lists are {@link ArrayList}s). */
    static boolean isTuple(Object value) {
        return value instanceof List<?> && !(value instanceof ArrayList<?>);
    }

    /** The Java form of a Python tuple: an unmodifiable list that, unlike {@link List#of}, may hold nulls. */
    static List<Object> tuple(List<?> items) {
        return Collections.unmodifiableList(Arrays.asList(items.toArray()));
    }

    private void execute(int opcode) throws IOException {
        switch (opcode) {
            case PROTO -> {
                int protocol = readByte();
                if (protocol > HIGHEST_PROTOCOL) {
                    throw error("unsupported pickle protocol " + protocol);
                }
            }
            // A frame only announces how many bytes follow; the opcodes inside are read as they come.
            case FRAME -> readLittleEndian(8);
            case MARK -> {
                if (marks.size() >= MAX_MARKS) {
                    throw limitExceeded("MARK nesting", MAX_MARKS, "levels");
                }
                marks.push(stack.size());
            }
            case POP -> {
                if (stack.size() > floor()) {
                    pop();
                } else {
                    popMark();
                }
            }
            case POP_MARK -> popMark();
            case DUP -> push(peek());
            case GLOBAL -> {
                String module = utf8(readLine());
                push(global(module, utf8(readLine())));
            }
            case STACK_GLOBAL -> {
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw error("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
                }
                push(global(m, n));
            }
            case BINPERSID -> push(persistentLoad(pop()));
            case REDUCE, NEWOBJ -> {
                Object args = pop();
                push(call(pop(), args));
            }
            case BUILD -> {
                pop();
                // OrderedDict state dicts carry module versions in the attribute _metadata, which loading weights
                // does not need; a dict cannot hold it without mixing it up with its entries, so it is dropped.
                if (!(peek() instanceof Map<?, ?>)) {
                    throw error("cannot set the state of a " + typeName(peek()));
                }
            }
            case EMPTY_DICT -> push(new LinkedHashMap<>());
            case EMPTY_LIST -> push(new ArrayList<>());
            case EMPTY_TUPLE -> push(tuple(List.of()));
            case EMPTY_SET -> push(new LinkedHashSet<>());
            case TUPLE -> push(tuple(popMark()));
            case TUPLE1, TUPLE2, TUPLE3 -> push(tuple(popItems(opcode - TUPLE1 + 1)));
            case DICT -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                putPairs(dict, popMark());
                push(dict);
            }
            case LIST -> push(new ArrayList<>(popMark()));
            case APPEND -> {
                Object item = pop();
                list(peek()).add(item);
            }
            case APPENDS -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case SETITEM -> {
                List<Object> pair = popItems(2);
                putPairs(dict(peek()), pair);
            }
            case SETITEMS -> {
                List<Object> pairs = popMark();
                putPairs(dict(peek()), pairs);
            }
            case ADDITEMS -> {
                List<Object> items = popMark();
                Set<Object> set = set(peek());
                for (Object item : items) {
                    set.add(hashable(item));
                }
            }
            case BININT -> push((long) (int) readLittleEndian(4));
            case BININT1 -> push((long) readByte());
            case BININT2 -> push(readLittleEndian(2));
            case LONG1 -> push(readTwosComplement(readByte()));
            case LONG4 -> push(readTwosComplement((int) readLittleEndian(4)));
            case INT -> push(parseInt(ascii(readLine())));
            case LONG -> push(parseInteger(ascii(readLine()).replaceFirst("L$", "")));
            case BINFLOAT -> push(Double.longBitsToDouble(Long.reverseBytes(readLittleEndian(8))));
            case FLOAT -> push(parseFloat(ascii(readLine())));
            case NONE -> push(null);
            case NEWTRUE -> push(Boolean.TRUE);
            case NEWFALSE -> push(Boolean.FALSE);
            case BINUNICODE -> push(utf8(readBytes(readLittleEndian(4))));
            case SHORT_BINUNICODE -> push(utf8(readBytes(readByte())));
            case BINUNICODE8 -> push(utf8(readBytes(readLittleEndian(8))));
            case UNICODE -> push(rawUnicodeEscape(readLine()));
            // Python 2 byte strings; torch.load decodes them as UTF-8.
            case BINSTRING -> push(utf8(readBytes((int) readLittleEndian(4))));
            case SHORT_BINSTRING -> push(utf8(readBytes(readByte())));
            case BINBYTES -> push(readBytes(readLittleEndian(4)));
            case SHORT_BINBYTES -> push(readBytes(readByte()));
            case BINPUT -> memoize(readByte());
            case LONG_BINPUT -> memoize(readLittleEndian(4));
            case PUT -> memoize(parseMemoKey(readLine()));
            case MEMOIZE -> memoize(memo.size());
            case BINGET -> push(memoGet(readByte()));
            case LONG_BINGET -> push(memoGet(readLittleEndian(4)));
            case GET -> push(memoGet(parseMemoKey(readLine())));
            default -> throw error(String.format("unknown or unsupported pickle opcode 0x%02x", opcode));
        }
    }

    private Object global(String module, String name) throws IOException {
        String qualified = module + "." + name;
        Object value = allowedGlobals.get(qualified);
        if (value == null) {
            throw error("refused to load the global " + qualified
                    + " (only the types a PyTorch checkpoint needs are allowed)");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private Object call(Object callable, Object args) throws IOException {
        if (!(callable instanceof PickleCallable function)) {
            throw error("cannot call " + typeName(callable));
        }
        if (!isTuple(args)) {
            throw error("call arguments must be a tuple, got " + typeName(args));
        }
        try {
            return function.call((List<Object>) args);
        } catch (IOException e) {
            throw error(e.getMessage());
        }
    }

    private Object persistentLoad(Object pid) throws IOException {
        try {
            return persistentLoader.load(pid);
        } catch (IOException e) {
            throw error(e.getMessage());
        }
    }

    private void putPairs(Map<Object, Object> dict, List<Object> pairs) throws IOException {
        if (pairs.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            dict.put(hashable(pairs.get(i)), pairs.get(i + 1));
        }
    }

    /**
     * Accepts the dict keys and set items that behave in Java as in Python: scalars and flat tuples of them.
     * Anything else (lists, arrays, tensors) has no value-based equality here, or none at all in Python.
     */
    private Object hashable(Object key) throws IOException {
        if (isTuple(key) && ((List<?>) key).size() > MAX_KEY_TUPLE_ITEMS) {
            throw limitExceeded("tuple as dict key or set item", MAX_KEY_TUPLE_ITEMS, "items");
        }
        if (isScalar(key) || isTuple(key) && ((List<?>) key).stream().allMatch(RestrictedUnpickler::isScalar)) {
            return key;
        }
        throw error("unsupported dict key or set item of type " + typeName(key));
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof String || value instanceof Long || value instanceof BigInteger
                || value instanceof Double || value instanceof Boolean;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object target) throws IOException {
        if (target instanceof Map<?, ?> map) {
            return (Map<Object, Object>) map;
        }
        throw error("cannot set items of a " + typeName(target));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object target) throws IOException {
        if (target instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw error("cannot append to a " + typeName(target));
    }

    @SuppressWarnings("unchecked")
    private Set<Object> set(Object target) throws IOException {
        if (target instanceof Set<?> set) {
            return (Set<Object>) set;
        }
        throw error("cannot add items to a " + typeName(target));
    }

    /** Files the top of the stack under the key; later GETs push this very object, never a copy. */
    private void memoize(long key) throws IOException {
        if (memo.size() >= MAX_MEMO_ENTRIES && !memo.containsKey(key)) {
            throw limitExceeded("memo", MAX_MEMO_ENTRIES, "entries");
        }
        memo.put(key, peek());
    }

    private Object memoGet(long key) throws IOException {
        if (!memo.containsKey(key)) {
            throw error("memo key " + key + " is not defined");
        }
        return memo.get(key);
    }

    // The stack below the innermost MARK belongs to an enclosing opcode and is out of reach, as in Python.
    private int floor() {
        return marks.isEmpty() ? 0 : marks.peek();
    }

    private void push(Object value) throws IOException {
        if (++values > MAX_VALUES) {
            throw limitExceeded("pickle", MAX_VALUES, "values");
        }
        stack.add(value);
    }

    private Object peek() throws IOException {
        if (stack.size() <= floor()) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop() throws IOException {
        Object top = peek();
        stack.remove(stack.size() - 1);
        return top;
    }

    private List<Object> popItems(int count) throws IOException {
        if (stack.size() - floor() < count) {
            throw error("stack underflow");
        }
        return takeFrom(stack.size() - count);
    }

    private List<Object> popMark() throws IOException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        return takeFrom(marks.pop());
    }

    private List<Object> takeFrom(int start) {
        List<Object> top = stack.subList(start, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private int readByte() throws IOException {
        if (position >= MAX_PICKLE_BYTES) {
            throw limitExceeded("pickle", MAX_PICKLE_BYTES, "bytes");
        }
        int b = in.read();
        if (b < 0) {
            throw new IOException(source + ": truncated, the data ends inside a pickle at byte " + position);
        }
        position++;
        return b;
    }

    private long readLittleEndian(int bytes) throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) readByte() << (8 * i);
        }
        return value;
    }

    private byte[] readBytes(long length) throws IOException {
        if (length < 0) {
            throw error("invalid length " + length);
        }
        if (length > MAX_PICKLE_BYTES - position) {
            throw limitExceeded("pickle", MAX_PICKLE_BYTES, "bytes");
        }
        byte[] bytes = in.readNBytes((int) length); // grows as data arrives, so a false length cannot exhaust memory
        position += bytes.length;
        if (bytes.length < length) {
            throw new IOException(source + ": truncated, the data ends inside a pickle at byte " + position);
        }
        return bytes;
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = readByte(); b != '\n'; b = readByte()) {
            if (line.size() >= MAX_LINE_BYTES) {
                throw limitExceeded("text line", MAX_LINE_BYTES, "bytes");
            }
            line.write(b);
        }
        return line.toByteArray();
    }

    /** LONG1 / LONG4: a little-endian two's complement integer of the given byte length. */
    private Object readTwosComplement(int length) throws IOException {
        if (length > MAX_INT_BYTES) {
            throw limitExceeded("integer", MAX_INT_BYTES, "bytes");
        }
        byte[] bigEndian = readBytes(length);
        for (int i = 0, j = bigEndian.length - 1; i < j; i++, j--) {
            byte b = bigEndian[i];
            bigEndian[i] = bigEndian[j];
            bigEndian[j] = b;
        }
        return length == 0 ? Long.valueOf(0) : integer(new BigInteger(bigEndian));
    }

    private static Object integer(BigInteger value) {
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    /** Protocol 0 writes True and False as the INT lines 01 and 00. */
    private Object parseInt(String text) throws IOException {
        return switch (text) {
            case "01" -> Boolean.TRUE;
            case "00" -> Boolean.FALSE;
            default -> parseInteger(text);
        };
    }

    private Object parseInteger(String text) throws IOException {
        if (text.length() > MAX_INT_DIGITS) {
            throw limitExceeded("integer", MAX_INT_DIGITS, "digits");
        }
        try {
            return integer(new BigInteger(text.strip()));
        } catch (NumberFormatException e) {
            throw error("malformed integer '" + ValueText.of(text) + "'");
        }
    }

    private double parseFloat(String text) throws IOException {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error("malformed float '" + ValueText.of(text) + "'");
        }
    }

    private long parseMemoKey(byte[] line) throws IOException {
        if (!(parseInteger(ascii(line)) instanceof Long key)) {
            throw error("memo key out of range");
        }
        return key;
    }

    /** Protocol 0 text strings: Latin-1 with \\uXXXX and \\UXXXXXXXX escapes. */
    private String rawUnicodeEscape(byte[] line) throws IOException {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            int digits = c != '\\' ? 0 : next == 'u' ? 4 : next == 'U' ? 8 : 0;
            if (digits == 0) {
                decoded.append(c);
                continue;
            }
            try {
                decoded.appendCodePoint(Integer.parseInt(text, i + 2, i + 2 + digits, 16));
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw error("malformed escape in text string '" + ValueText.of(text) + "'");
            }
            i += 1 + digits;
        }
        return decoded.toString();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static String typeName(Object value) {
        if (value == null) {
            return "None";
        } else if (value instanceof String) {
            return "str";
        } else if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        } else if (value instanceof Double) {
            return "float";
        } else if (value instanceof Boolean) {
            return "bool";
        } else if (value instanceof byte[]) {
            return "bytes";
        } else if (value instanceof Map<?, ?>) {
            return "dict";
        } else if (value instanceof Set<?>) {
            return "set";
        } else if (value instanceof List<?>) {
            return isTuple(value) ? "tuple" : "list";
        }
        return ValueText.of(value);
    }

    private IOException limitExceeded(String what, long limit, String unit) {
        return error(what + " exceeds the limit of " + limit + " " + unit);
    }

    private IOException error(String message) {
        return new IOException(source + ": " + message + " (pickle opcode at byte " + opcodeStart + ")");
    }
}
