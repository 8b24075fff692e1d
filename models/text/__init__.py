"""Text handling that needs no model: decoding, normalisation, segmentation, chunking, detection."""
