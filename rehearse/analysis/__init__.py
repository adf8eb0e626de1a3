"""One answer analysed: STAR segmentation, timing, delivery, the pipeline and the JSON contract."""
