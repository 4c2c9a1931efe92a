import NeuralNet
import Testing

@Suite struct CSVTests {
    @Test func readsRowsWithAHeaderCommentsAndBlankLines() throws {
        let data = try Dataset(csv: "x1,x2,y\n# a comment\n0.5, 1.5, 1\n\n-2,3e-1,-1\r\n")
        #expect(data.inputs == [[0.5, 1.5], [-2, 0.3]])
        #expect(data.targets == [1, -1])
    }

    @Test(arguments: [
        ("", DatasetError(message: "the file has no data rows", line: nil)),
        ("x,y\n", DatasetError(message: "the file has no data rows", line: nil)),
        ("1,2,3\n4,5\n", DatasetError(message: "expected 3 values like the rows before, found 2", line: 2)),
        ("1,2\n3,abc\n", DatasetError(message: "column 2 is 'abc', not a finite number", line: 2)),
        ("1,,2\n", DatasetError(message: "column 2 is an empty cell, not a finite number", line: 1)),
        ("1,nan\n", DatasetError(message: "column 2 is 'nan', not a finite number", line: 1)),
        ("5\n", DatasetError(message: "a row needs at least one feature and a target, found 1 value", line: 1)),
    ])
    func badFilesGiveClearErrors(_ text: String, _ expected: DatasetError) {
        #expect(throws: expected) { try Dataset(csv: text) }
    }
}
