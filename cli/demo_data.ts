import { notImplemented } from "./_stub.ts";

notImplemented("demo-data", "the data issue (#4)");
