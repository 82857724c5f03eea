// Pact otherwise prints a tracking notice and tries the network.
process.env.PACT_DO_NOT_TRACK = 'true';
