package io.mdg.graphql.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.Record> read(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text));
        List<CsvReader.Record> records = new ArrayList<>();
        CsvReader.Record record;
        while ((record = reader.next()) != null) {
            records.add(record);
        }
        return records;
    }

    @Test
    void quoted_cells_hold_commas_quotes_and_line_breaks() throws IOException {
        List<CsvReader.Record> records = read("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");

        assertThat(records).extracting(CsvReader.Record::cells).containsExactly(
                List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\nlines"), List.of("last", "", ""));
        assertThat(records).allMatch(r -> r.error() == null);
    }

    @Test
    void a_last_line_without_a_line_break_is_a_record() throws IOException {
        assertThat(read("a,b\n1,2")).extracting(CsvReader.Record::cells)
                .containsExactly(List.of("a", "b"), List.of("1", "2"));
    }

    @Test
    void malformed_records_are_reported_and_reading_goes_on() throws IOException {
        List<CsvReader.Record> records = read("\"x\"y,1\nab\"c,2\nok,3\n\"open,4\n");

        assertThat(records.get(0).error()).isEqualTo("text after a closing quote");
        assertThat(records.get(1).error()).isEqualTo("a quote inside an unquoted cell");
        assertThat(records.get(2).cells()).containsExactly("ok", "3");
        assertThat(records.get(2).error()).isNull();
        assertThat(records.get(3).error()).isEqualTo("a quoted cell is not closed");
    }
}
