import { notImplemented } from "./_stub.ts";

notImplemented("notebooks", "the notebooks issue (#7)");
