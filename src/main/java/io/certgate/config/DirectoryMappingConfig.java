package io.certgate.config;

import java.util.Optional;

/**
 * One entry of a site's {@code directoryMapping} list.
 *
 * @param directory the name of an entry of {@code directories}
 * @param attribute the attribute searched; empty means the form's default ({@link MappingForm#defaultAttribute()})
 */
public record DirectoryMappingConfig(String directory, MappingForm form, Optional<String> attribute,
                                     MappingStrength strength, Origin origin) {

    /** The attribute this mapping searches; empty for {@code subject} without one (the entry's DN). */
    public String searchedAttribute() {
        return attribute.orElse(form.defaultAttribute());
    }
}
