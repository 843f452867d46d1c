import { notImplemented } from "./_stub.ts";

notImplemented("features", "the feature-extraction issue (#3)");
