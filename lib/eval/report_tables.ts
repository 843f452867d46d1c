import type { Cell } from "../io/csv.ts";
import type { ClassificationReport } from "./metrics.ts";

/** A CSV table: column names and rows. */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/**
 * `classification_report.csv` in the layout the seed writes with
 * `pd.DataFrame(classification_report(..., output_dict=True)).transpose().to_csv()`: an unnamed index column, then
 * precision, recall, f1-score, support; one row per class, then `accuracy` (pandas repeats the scalar in every column),
 * `macro avg` and `weighted avg`.
 */
export function classificationReportTable(r: ClassificationReport): Table {
  const row = (
    name: string,
    s: { precision: number; recall: number; f1: number; support: number },
  ): Cell[] => [name, s.precision, s.recall, s.f1, s.support];
  return {
    columns: ["", "precision", "recall", "f1-score", "support"],
    rows: [
      ...r.classes.map((c, i) => row(c, r.perClass[i])),
      ["accuracy", r.accuracy, r.accuracy, r.accuracy, r.accuracy],
      row("macro avg", r.macro),
      row("weighted avg", r.weighted),
    ],
  };
}

/** `confusion_matrix.csv`: class names as row and column headers, rows are the true class. */
export function confusionMatrixTable(cm: number[][], classes: readonly string[]): Table {
  return { columns: ["", ...classes], rows: cm.map((r, i) => [classes[i], ...r]) };
}

/** `per_class_accuracy.csv`: `Emotion,Accuracy`, the recall of each class in percent. */
export function perClassAccuracyTable(r: ClassificationReport): Table {
  return { columns: ["Emotion", "Accuracy"], rows: r.classes.map((c, i) => [c, 100 * r.perClass[i].recall]) };
}
