package io.mdg.rules.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.delegation.DelegationRules;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.personal.PersonalDataRules;
import io.mdg.rules.policy.RulesFileException;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.screening.ScreeningRules;
import io.mdg.rules.similarity.MatchingRules;

/**
 * The governance rules file, read and validated whole ({@link RulesFileReader}: every problem reported at once, with
 * its path, in a {@link RulesFileException}): the governance policy (systems of record, risk, approvals, steward
 * actions, the contract price threshold, the approval deadline), which the command side decides by, the matching
 * rules (the duplicate threshold) and the completeness rules (what an item needs), which the query side scores by,
 * and the access rules and request limits (who reads and changes what, how much one call may ask for), which the API
 * enforces, the delegation rules (how long a steward may delegate their approvals, to whom), which the command
 * side decides by, and the personal data rules (how long contacts' personal data are kept, legal holds). An
 * operator's file that leaves out {@code matching}, {@code quality}, {@code access}, {@code limits},
 * {@code delegation} or {@code personalData}
 * (or a value of them) gets those of the shipped file. The file is
 * versioned; the version is recorded with every decision taken under it.
 */
public record RulesFile(GovernancePolicy policy, MatchingRules matching, CompletenessRules completeness,
                        AccessRules access, RequestLimits limits, ScreeningRules screening,
                        DelegationRules delegation, PersonalDataRules personalData) {

    /** The classpath resource of the default rules. */
    public static final String DEFAULT_RESOURCE = "io/mdg/rules/default-rules.yaml";

    private static final String DEFAULT_ORIGIN = "classpath:" + DEFAULT_RESOURCE;

    public RulesFile {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(matching, "matching");
        Objects.requireNonNull(completeness, "completeness");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(screening, "screening");
        Objects.requireNonNull(delegation, "delegation");
        Objects.requireNonNull(personalData, "personalData");
    }

    /** The rules shipped with the service (classpath {@value #DEFAULT_RESOURCE}). */
    public static RulesFile loadDefault() {
        return DefaultHolder.DEFAULT;
    }

    /** An operator's rules file ({@code file}), or the default when it is null or blank. */
    public static RulesFile load(String file) {
        return file == null || file.isBlank() ? loadDefault() : load(Path.of(file));
    }

    /** An operator's rules file, replacing the default. */
    public static RulesFile load(Path file) {
        String origin = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesFileException(origin, "cannot be read: " + e, e);
        }
        return parse(text, origin);
    }

    /** Rules from YAML text; {@code origin} names where it came from in error messages. */
    public static RulesFile parse(String yaml, String origin) {
        Objects.requireNonNull(yaml, "yaml");
        String name = origin == null ? "(unnamed)" : origin;
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? ""
                    : "line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1)
                    + ": ";
            throw new RulesFileException(name, where + "malformed YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new RulesFileException(name, "malformed YAML: " + e.getMessage(), e);
        }
        return new RulesFileReader(name, name.equals(DEFAULT_ORIGIN) ? null : RulesFile::loadDefault).read(document);
    }

    private static final class DefaultHolder {
        static final RulesFile DEFAULT = readDefault();

        private static RulesFile readDefault() {
            String origin = DEFAULT_ORIGIN;
            try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new RulesFileException(origin, List.of("resource not found"));
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin);
            } catch (IOException e) {
                throw new RulesFileException(origin, "cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
