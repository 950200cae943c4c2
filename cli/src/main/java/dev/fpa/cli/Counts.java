package dev.fpa.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for options that count something, so a negative or zero count is a usage error (exit code 2) naming
 * the option, caught while parsing rather than deep inside the work as a division by zero or a bad array size.
 */
final class Counts {
    private Counts() {
    }

    /** At least 1: sizes, images per row, sample counts. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parse(value);
            if (n < 1) {
                throw new TypeConversionException("'" + value + "' must be at least 1");
            }
            return n;
        }
    }

    /** At least 0, where 0 means "choose automatically" (thread counts). */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parse(value);
            if (n < 0) {
                throw new TypeConversionException("'" + value + "' must be 0 (automatic) or more");
            }
            return n;
        }
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }
}
