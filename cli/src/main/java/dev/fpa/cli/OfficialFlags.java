package dev.fpa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Flags named after official options: the first name of each option, without its dashes and with '-' as '_', is the
 * official name (--num-decoding-steps is num_decoding_steps). Options left at null were not given.
 */
final class OfficialFlags {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfficialFlags() {
    }

    /**
     * Puts every given option of {@code options} (a mixin whose unset options are null) into {@code args}, except the
     * fields named in {@code notOfficial}.
     */
    static ObjectNode putGiven(Object options, ObjectNode args, String... notOfficial) {
        Set<String> skipped = Set.of(notOfficial);
        for (Field f : options.getClass().getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o == null || skipped.contains(f.getName())) {
                continue;
            }
            try {
                Object value = f.get(options);
                if (value != null) {
                    args.set(officialName(o), JSON.valueToTree(value));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return args;
    }

    static String officialName(Option o) {
        return o.names()[0].substring(2).replace('-', '_');
    }
}
