package io.mdg.rules.screening;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ExclusionListFormat;

/**
 * Reads an exclusion-list file (Apache Commons CSV, RFC 4180) in one of the published layouts, recognised by its
 * header row:
 * <ul>
 *   <li><b>OIG LEIE</b> {@code UPDATED.csv}: {@code LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,
 *       ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE}; dates {@code yyyyMMdd},
 *       {@code 00000000} for none; NPI {@code 0000000000} for none. An entry with BUSNAME is an entity, else a
 *       person.</li>
 *   <li><b>SAM.gov exclusions extract</b>: at least {@code Classification, Name, First, Middle, Last, Address 1, City,
 *       State / Province, Zip Code, Exclusion Type, Active Date, Termination Date} (with {@code Address 2..4},
 *       {@code Country}, {@code Unique Entity ID}, {@code NPI}, {@code CAGE}, ... where present); dates
 *       {@code MM/dd/yyyy}, Termination Date {@code Indefinite} or empty for open-ended. Classification
 *       {@code Individual} is a person.</li>
 * </ul>
 * The file is read whole before anything is kept: a header in neither layout, a row with another number of cells
 * than the header, a row naming no one, an unreadable date or CSV that does not parse refuses the whole file with an
 * {@link ExclusionListException} naming the line and column. Empty lines are skipped; a byte-order mark is allowed.
 */
public final class ExclusionListReader {

    private static final List<String> LEIE_HEADER = List.of("LASTNAME", "FIRSTNAME", "MIDNAME", "BUSNAME", "GENERAL",
            "SPECIALTY", "UPIN", "NPI", "DOB", "ADDRESS", "CITY", "STATE", "ZIP", "EXCLTYPE", "EXCLDATE", "REINDATE",
            "WAIVERDATE", "WVRSTATE");
    private static final Set<String> SAM_REQUIRED = Set.of("classification", "name", "first", "middle", "last",
            "address 1", "city", "state / province", "zip code", "exclusion type", "active date", "termination date");
    private static final DateTimeFormatter LEIE_DATE = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter SAM_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT);

    /** A list read whole. */
    public record ExclusionList(ExclusionListFormat format, List<ExclusionEntry> entries) {
    }

    private ExclusionListReader() {
    }

    /** Reads the whole file; throws {@link ExclusionListException} (naming line and column) when it cannot. */
    public static ExclusionList read(Reader in) {
        CSVFormat csv = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
        try (CSVParser parser = CSVParser.parse(in, csv)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!hasNext(records, 1)) {
                throw new ExclusionListException(1, null, "the file is empty; an exclusion list starts with the header"
                        + " row of the OIG LEIE (UPDATED.csv) or of a SAM.gov exclusions extract");
            }
            List<String> header = new ArrayList<>();
            for (String cell : records.next()) {
                header.add(header.isEmpty() && cell.startsWith("\uFEFF") ? cell.substring(1).strip() : cell.strip());
            }
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                columns.putIfAbsent(header.get(i).toLowerCase(Locale.ROOT), i);
            }
            ExclusionListFormat format = format(header, columns);
            List<ExclusionEntry> entries = new ArrayList<>();
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                if (!hasNext(records, line)) {
                    break;
                }
                CSVRecord record = records.next();
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new ExclusionListException(line, null, "the row has " + record.size() + " cells, the header "
                            + header.size() + " (" + format + " layout)");
                }
                Row row = new Row(record, columns, header, line);
                entries.add(format == ExclusionListFormat.LEIE ? leie(row) : sam(row));
            }
            return new ExclusionList(format, List.copyOf(entries));
        } catch (IOException e) {
            throw new ExclusionListException(1, null, "the file cannot be read: " + e.getMessage());
        }
    }

    private static boolean hasNext(Iterator<CSVRecord> records, long line) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new ExclusionListException(line, null, "malformed CSV (" + cause + ")");
        }
    }

    private static ExclusionListFormat format(List<String> header, Map<String, Integer> columns) {
        List<String> upper = header.stream().map(h -> h.toUpperCase(Locale.ROOT)).toList();
        if (upper.equals(LEIE_HEADER)) {
            return ExclusionListFormat.LEIE;
        }
        if (columns.keySet().containsAll(SAM_REQUIRED)) {
            return ExclusionListFormat.SAM;
        }
        if (upper.contains("LASTNAME") && upper.contains("BUSNAME")) {
            List<String> missing = LEIE_HEADER.stream().filter(c -> !upper.contains(c)).toList();
            throw new ExclusionListException(1, null, "the header looks like the OIG LEIE layout but is not it"
                    + (missing.isEmpty() ? " (its columns must be, in order: " + String.join(",", LEIE_HEADER) + ")"
                    : "; missing columns: " + String.join(", ", missing)));
        }
        if (columns.containsKey("classification") || columns.containsKey("exclusion type")) {
            String missing = SAM_REQUIRED.stream().filter(c -> !columns.containsKey(c)).sorted()
                    .collect(Collectors.joining(", "));
            throw new ExclusionListException(1, null, "the header looks like a SAM.gov exclusions extract but lacks"
                    + " the columns: " + missing);
        }
        throw new ExclusionListException(1, null, "the header is in neither known layout: an OIG LEIE UPDATED.csv ("
                + String.join(",", LEIE_HEADER) + ") or a SAM.gov exclusions extract (Classification, Name, First, ..."
                + " Active Date, Termination Date)");
    }

    private static ExclusionEntry leie(Row row) {
        String business = row.text("BUSNAME");
        String last = row.text("LASTNAME");
        String first = row.text("FIRSTNAME");
        String middle = row.text("MIDNAME");
        boolean individual = business.isEmpty();
        String name = individual ? person(last, first, middle) : business;
        if (name.isEmpty()) {
            throw row.error("BUSNAME", "the row names no one (neither BUSNAME nor LASTNAME/FIRSTNAME)");
        }
        String npi = row.text("NPI").replaceAll("^0+$", "");
        LocalDate excluded = row.date("EXCLDATE", LEIE_DATE, "yyyyMMdd");
        String zip = row.text("ZIP");
        String key = "LEIE:" + name.toUpperCase(Locale.ROOT) + "|" + (excluded == null ? "" : excluded) + "|" + zip
                + "|" + npi;
        return new ExclusionEntry(key, (int) row.line, name, individual, null, blankToNull(npi),
                blankToNull(row.text("ADDRESS")), blankToNull(row.text("CITY")), blankToNull(row.text("STATE")),
                blankToNull(zip), blankToNull(row.text("EXCLTYPE")), excluded,
                row.date("REINDATE", LEIE_DATE, "yyyyMMdd"));
    }

    private static ExclusionEntry sam(Row row) {
        boolean individual = row.text("Classification").equalsIgnoreCase("Individual");
        String name = row.text("Name");
        if (name.isEmpty()) {
            name = person(row.text("Last"), row.text("First"), row.text("Middle"));
        }
        if (name.isEmpty()) {
            throw row.error("Name", "the row names no one (neither Name nor First/Last)");
        }
        List<String> street = new ArrayList<>();
        for (String column : List.of("Address 1", "Address 2", "Address 3", "Address 4")) {
            String line = row.optional(column);
            if (!line.isEmpty()) {
                street.add(line);
            }
        }
        String uei = row.optional("Unique Entity ID");
        LocalDate active = row.date("Active Date", SAM_DATE, "MM/dd/yyyy");
        String termination = row.text("Termination Date");
        LocalDate ends = termination.equalsIgnoreCase("Indefinite") ? null
                : row.date("Termination Date", SAM_DATE, "MM/dd/yyyy or Indefinite");
        String zip = row.text("Zip Code");
        String program = row.optional("Exclusion Program");
        String type = row.text("Exclusion Type");
        String key = !uei.isEmpty() ? "SAM:UEI:" + uei + "|" + (active == null ? "" : active)
                : "SAM:" + name.toUpperCase(Locale.ROOT) + "|" + (active == null ? "" : active) + "|" + zip;
        return new ExclusionEntry(key, (int) row.line, name, individual, null, blankToNull(row.optional("NPI")),
                street.isEmpty() ? null : String.join(", ", street), blankToNull(row.text("City")),
                blankToNull(row.text("State / Province")), blankToNull(zip),
                blankToNull(program.isEmpty() ? type : type + " (" + program + ")"), active, ends);
    }

    private static String person(String last, String first, String middle) {
        if (last.isEmpty() && first.isEmpty()) {
            return "";
        }
        String given = (first + " " + middle).strip();
        return last.isEmpty() ? given : given.isEmpty() ? last : last + ", " + given;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** One data row, its cells by header name (case-insensitive). */
    private record Row(CSVRecord record, Map<String, Integer> columns, List<String> header, long line) {

        String text(String column) {
            Integer index = columns.get(column.toLowerCase(Locale.ROOT));
            return index == null ? "" : record.get(index).strip();
        }

        String optional(String column) {
            return text(column);
        }

        LocalDate date(String column, DateTimeFormatter format, String pattern) {
            String value = text(column);
            if (value.isEmpty() || value.chars().allMatch(c -> c == '0')) {
                return null;
            }
            try {
                return LocalDate.parse(value, format);
            } catch (DateTimeParseException e) {
                throw error(column, "'" + value + "' is not a date " + pattern);
            }
        }

        ExclusionListException error(String column, String message) {
            Integer index = columns.get(column.toLowerCase(Locale.ROOT));
            return new ExclusionListException(line, index == null ? column : header.get(index) + " (" + (index + 1)
                    + ")", message);
        }
    }
}
