package io.mdg.rules.file;

import java.util.List;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

/** The unified line diff (three lines of context) from one rules text to another, as {@code diff -u} writes it. */
public final class RulesDiff {

    private RulesDiff() {
    }

    /**
     * The diff from {@code before} (named {@code beforeName}) to {@code after}; empty when the texts are the same.
     */
    public static String unified(String beforeName, String before, String afterName, String after) {
        List<String> from = before.lines().toList();
        List<String> to = after.lines().toList();
        Patch<String> patch = DiffUtils.diff(from, to);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, from, patch, 3)) + "\n";
    }
}
