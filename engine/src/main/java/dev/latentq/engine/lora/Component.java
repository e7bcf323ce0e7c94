package dev.latentq.engine.lora;

/** The parts of a Stable Diffusion model a LoRA can change, with their folder in the diffusers layout. */
public enum Component {
  UNET("unet"),
  TEXT_ENCODER("text_encoder"),
  TEXT_ENCODER_2("text_encoder_2");

  private final String folder;

  Component(String folder) {
    this.folder = folder;
  }

  /** The component's folder (and PEFT key prefix), e.g. {@code text_encoder}. */
  public String folder() {
    return folder;
  }
}
