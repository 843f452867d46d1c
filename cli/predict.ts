import { notImplemented } from "./_stub.ts";

notImplemented("predict", "the prediction issue (#8)");
