"""The Persian help page (راهنما): the office's day, step by step, with screenshots of the demo district."""
