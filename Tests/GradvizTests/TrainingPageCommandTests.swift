import Foundation
import Testing

@Suite struct TrainingPageCommandTests {
    let runner = CommandLineTests()

    @Test func anHTMLPageOfATrainingRunReplaysItAndItsRecordMatchesTheLosses() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("training.html").path
        let losses = folder.appendingPathComponent("losses.txt").path
        let run = try runner.gradviz(arguments: [
            "mlp", "--steps", "20", "--no-progress", "--out", page, "--losses", losses,
        ])
        #expect(run.status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<script type=\"application/json\" id=\"training-data\">"))
        #expect(html.contains("id=\"step-slider\"") && html.contains("id=\"boundary\""))
        #expect(html.contains("--positiveWeight: #2563eb;"))
        // The record inside the page: 21 frames (steps 0 to 20), each with the step's loss.
        let record = try runner.gradviz(arguments: [
            "mlp", "--steps", "20", "--no-progress", "--view", "training", "--format", "json", "-o", "-",
        ])
        #expect(record.status == 0)
        // Read as text: Foundation's JSON reader may round the last bit of a number.
        let text = String(decoding: record.stdout, as: UTF8.self)
        let frames = text.matches(of: /\{"step": (\d+), "loss": ([^,]+),/).map { (Int($0.1), String($0.2)) }
        #expect(frames.map(\.0) == Array(0...20))
        let written = try String(contentsOfFile: losses, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(frames.dropLast().map(\.1) == written)
        #expect(text.hasPrefix("{\"title\": \"training a 16,16,1 MLP on moons (100 samples, noise 0.1), 20 steps\""))
        #expect(html.contains(String(decoding: record.stdout, as: UTF8.self).trimmingCharacters(in: .newlines)))
    }

    @Test func otherViewsStillWriteTheirPagesAndTheTrainingViewOnlyAPageOrItsRecord() throws {
        let sample = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "2", "--no-progress", "--view", "sample", "--format", "html", "-o", "-",
        ])
        #expect(sample.status == 0)
        #expect(String(decoding: sample.stdout, as: UTF8.self).contains("id=\"graph-data\""))
        let picture = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "2", "--view", "training", "--out", "x.svg",
        ])
        #expect(picture.status == 64)
        #expect(picture.stderr.contains("--view training is an interactive page: write it as .html"))
        let focus = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "2", "--focus", "L1.N1.w1", "--out", "x.html",
        ])
        #expect(focus.status == 64)
        #expect(focus.stderr.contains("an .html page replays the training unless --view says otherwise"))
    }

    @Test func aNetworkTooBigToRecordIsRefusedBeforeTraining() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--layers", "300,300,1", "--steps", "1000000", "--format", "html", "-o", "-",
        ])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("with 91801 parameters not even the first and last steps fit the page's 4 MB"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func aDivergedRunStillWritesItsPageUpToTheStepThatDiverged() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("diverged.html").path
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--lr", "1e200", "--steps", "50", "--no-progress", "--out", page,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("training diverged; try a smaller --lr than 1e+200 (wrote \(page))"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("\"stopped\": \"the loss is inf at step 2 of the run, counted from 1"))
        #expect(html.contains("diverged after 1 update of 50"))
    }

    @Test func aMinibatchRunsRecordSaysItsBatchSizeAndAFullBatchRunsDoesNot() throws {
        let batched = try runner.gradviz(arguments: [
            "mlp", "--steps", "3", "--batch-size", "16", "--no-progress", "--view", "training", "--format", "json",
            "-o", "-",
        ])
        let whole = try runner.gradviz(arguments: [
            "mlp", "--steps", "3", "--no-progress", "--view", "training", "--format", "json", "-o", "-",
        ])
        #expect(batched.status == 0 && whole.status == 0)
        #expect(String(decoding: batched.stdout, as: UTF8.self).contains("\"batchSize\": 16,"))
        #expect(String(decoding: whole.stdout, as: UTF8.self).contains("\"batchSize\": null,"))
    }
}
