import { notImplemented } from "./_stub.ts";

notImplemented("train", "the training issue (#5); audio loading is ready in lib/audio");
