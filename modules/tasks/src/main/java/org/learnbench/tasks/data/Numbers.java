package org.learnbench.tasks.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/** Strict decimal number parsing and label ordering shared by the preparation steps. */
public final class Numbers {
    private Numbers() {}

    /**
     * The value of a plain decimal number such as {@code -1.5e3} (surrounding whitespace allowed), or NaN when the
     * text is anything else. Stricter than {@link Double#parseDouble}: "NaN", "Infinity", hex floats, a trailing
     * "d" or "f", and values that overflow to infinity are not numbers, because in a data file they are almost
     * always mistakes or category codes.
     */
    static double parse(String text) {
        if (text == null || !isDecimal(text)) {
            return Double.NaN;
        }
        double value = Double.parseDouble(text.strip());
        return Double.isFinite(value) ? value : Double.NaN;
    }

    static boolean isNumber(String text) {
        return !Double.isNaN(parse(text));
    }

    private static boolean isDecimal(String s) {
        int i = 0;
        int end = s.length();
        while (i < end && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        while (end > i && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Distinct labels in a stable order: numerically when every label is a number (so "10" comes after "9", with
     * the text breaking ties such as "1" and "1.0"), otherwise by {@link String#compareTo}.
     */
    public static List<String> sortLabels(Collection<String> labels) {
        List<String> sorted = new ArrayList<>(new HashSet<>(labels));
        boolean allNumbers = sorted.stream().allMatch(Numbers::isNumber);
        Comparator<String> order = allNumbers
                ? Comparator.comparingDouble(Numbers::parse).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        sorted.sort(order);
        return sorted;
    }
}
