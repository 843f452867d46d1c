/**
 * Evaluation: confusion matrices and scikit-learn-style classification reports, and the seed's output tables.
 *
 * @module
 */
export * from "./metrics.ts";
export * from "./report_tables.ts";
export * from "./cv_metrics.ts";
export * from "./prediction_balance.ts";
export * from "./bootstrap.ts";
export * from "./permutation_importance.ts";
